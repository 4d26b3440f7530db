using Microsoft.Extensions.Localization;
using Services.Web.Localization;
using Services.Web.Pages.Exams;

namespace Services.Web.Endpoints;

/// <summary>
/// The results lookup as the lookup page's script asks it (ADR 0039): the same three factors and the same
/// <see cref="CandidateCheck"/> as the page's form post, answered with the result as JSON instead of a whole page. It
/// takes only <c>application/json</c>, which a page of another site cannot post without the browser asking this origin
/// first (no CORS is granted), so it needs no antiforgery token; the answer names personal data and is never stored.
/// </summary>
public static class ResultsLookupEndpoints
{
    public const string Route = "/tra-cuu-diem/ket-qua";

    /// <summary>The request and the answer read and written by generated code rather than by reflection: under a rush of results day every microsecond of the lookup counts (P1).</summary>
    public static IServiceCollection AddResultsLookupJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, LookupJson.Default));

    public static IEndpointRouteBuilder MapResultsLookupEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, LookupAsync).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> LookupAsync(LookupFactors factors, HttpContext http, CandidateCheck check, TimeProvider clock,
        IStringLocalizer<ExamsResource> words, IStringLocalizer<SharedResource> shared, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        var checkedResult = await check.CheckAsync(http, factors.Exam, factors.Number, factors.DateOfBirth, ct);
        return checkedResult.Outcome switch
        {
            CandidateCheckOutcome.MissingInput => Answer("missing", words["Exams.Lookup.Missing"], StatusCodes.Status422UnprocessableEntity),
            CandidateCheckOutcome.NotYetPublished => Answer("not-published",
                words["Exams.Lookup.NotYetPublished", VietnamTime.DateTime(checkedResult.PublishAt!.Value)], StatusCodes.Status200OK),
            // The guard has set Retry-After; the script shows the same words as the 429 page.
            CandidateCheckOutcome.Refused => Answer("too-many", shared["Error.429.Message"], StatusCodes.Status429TooManyRequests),
            CandidateCheckOutcome.NotFound => Answer("not-found", words["Exams.Lookup.NotFound"], StatusCodes.Status404NotFound),
            _ => Results.Json(new LookupAnswer("found", null, ExamResultView.From(checkedResult.Result!, clock.GetUtcNow(), words))),
        };
    }

    private static IResult Answer(string outcome, LocalizedString message, int status) =>
        Results.Json(new LookupAnswer(outcome, message.Value, null), statusCode: status);

    /// <summary>The request: the exam's id, the candidate number and the date of birth (yyyy-MM-dd), as the form's fields.</summary>
    public sealed record LookupFactors(Guid? Exam, string? Number, string? DateOfBirth);

    /// <summary>
    /// The answer: <c>found</c> with the result, or <c>missing</c>, <c>not-published</c>, <c>too-many</c>,
    /// <c>not-found</c> with the sentence to show.
    /// </summary>
    public sealed record LookupAnswer(string Outcome, string? Message, ExamResultView? Result);
}

/// <summary>The lookup's JSON, with the web's defaults (camelCase names), as the page's script reads and writes it.</summary>
[System.Text.Json.Serialization.JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[System.Text.Json.Serialization.JsonSerializable(typeof(ResultsLookupEndpoints.LookupFactors))]
[System.Text.Json.Serialization.JsonSerializable(typeof(ResultsLookupEndpoints.LookupAnswer))]
internal sealed partial class LookupJson : System.Text.Json.Serialization.JsonSerializerContext;
