using Services.Workflows.Journal;

namespace Services.Web.Endpoints;

/// <summary>
/// The machine-readable list of journal checkpoints, for anyone who keeps a copy outside the portal (a newspaper, the
/// Ministry, a citizen) and later wants to prove a rewrite. <c>?sau=N</c> returns only checkpoints after number N.
/// </summary>
public static class JournalEndpoints
{
    public const string FeedRoute = "/nhat-ky-kiem-chung.json";

    /// <summary>Checkpoints per answer; a copier pages on with <c>?sau=</c> the last number it has.</summary>
    private const int PageSize = 1000;

    public static IEndpointRouteBuilder MapJournalEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(FeedRoute, async (int? sau, CheckpointQueries checkpoints, CancellationToken ct) =>
                Results.Json(await checkpoints.FeedAsync(Math.Max(sau ?? 0, 0), PageSize, ct)))
            .AllowAnonymous();
        return app;
    }
}
