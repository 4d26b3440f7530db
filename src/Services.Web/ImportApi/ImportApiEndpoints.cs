using Microsoft.Extensions.Localization;
using OpenIddict.Abstractions;
using Services.Data.ApiClients;
using Services.Web.Localization;
using Services.Web.Pages.Exams.Staff;
using Services.Web.Units;
using Services.Workflows.Exams;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Services.Web.ImportApi;

/// <summary>A refused cell of an imported file as the API reports it: where, why (code), and why in Vietnamese.</summary>
public sealed record ImportApiProblem(int Line, string Column, string Reason, string Message);

/// <summary>A file written: its rows, and how many were new or changed (a re-import of the same file changes none).</summary>
public sealed record ImportApiResult(int Rows, int Inserted, int Updated);

/// <summary>The Vietnamese titles of the API's refusals.</summary>
internal static class ImportApiProblems
{
    public const string NoToken = "Cần mã truy cập hợp lệ (Bearer) do /connect/token cấp.";
    public const string Inactive = "Ứng dụng không tồn tại hoặc đã bị vô hiệu hóa.";
    public const string NoScope = "Mã truy cập không có phạm vi cần cho thao tác này.";
    public const string NotYourUnit = "Ứng dụng không được nhập dữ liệu vào đơn vị này.";
    public const string NoExam = "Không tìm thấy kỳ thi này của đơn vị.";
    public const string NoFile = "Cần gửi một tệp CSV hoặc Excel (.xlsx) không rỗng, tối đa 30 MB.";
    public const string Refused = "Tệp có dòng không hợp lệ; không dòng nào được ghi.";

    public static string? Bare(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => NoToken,
        StatusCodes.Status403Forbidden => NoScope,
        StatusCodes.Status404NotFound => "Không có địa chỉ này trong API.",
        StatusCodes.Status405MethodNotAllowed => "Phương thức HTTP không được hỗ trợ ở địa chỉ này.",
        _ => null,
    };
}

/// <summary>
/// <c>/api/v1</c>: a registered system imports an exam's results or a unit's certificate registry with the files the
/// staff upload takes (CSV, or Excel .xlsx) through the same import services, so the same rules hold: every bad
/// row reported (line, column, reason), all or nothing, re-import updates without duplicating. The token's scope
/// must allow the kind of import and the unit must be one of the client's; the client must still be active.
/// The API reads no results back: the answer is counts or problems, so nothing is shown before publication.
/// </summary>
public static class ImportApiEndpoints
{
    /// <summary>Besides a multipart form, the file itself may be the body.</summary>
    private static readonly string[] FileTypes = ["text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/octet-stream"];

    public static IEndpointRouteBuilder MapImportApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/api/v1/units/{unit}")
            .RequireAuthorization(ImportApiSetup.Policy)
            .DisableAntiforgery() // bearer tokens, no cookie: nothing for a forged request to ride on
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(ExamModel.MaxFileBytes + (1024 * 1024)))
            .WithTags("Import");

        v1.MapPost("/exams/{exam:guid}/results", ImportExamAsync)
            .WithName("ImportExamResults")
            .WithSummary("Nhập danh sách thí sinh và điểm của một kỳ thi")
            .WithDescription("Tệp CSV (UTF-8, dấu phẩy hoặc chấm phẩy) hoặc Excel .xlsx với các cột so_bao_danh, ho_ten, ngay_sinh, truong, phong_thi và một cột cho mỗi môn; gửi dạng multipart/form-data (trường file) hoặc làm thân yêu cầu. Cần phạm vi exams.import.")
            .Accepts<IFormFile>("multipart/form-data", FileTypes)
            .Produces<ImportApiResult>()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        v1.MapPost("/certificates", ImportCertificatesAsync)
            .WithName("ImportCertificates")
            .WithSummary("Nhập sổ văn bằng, chứng chỉ của đơn vị")
            .WithDescription("Tệp CSV hoặc Excel .xlsx với các cột so_hieu, so_vao_so, ho_ten, ngay_sinh, loai, xep_loai, nam, ngay_cap, nguoi_ky. Cần phạm vi certificates.import.")
            .Accepts<IFormFile>("multipart/form-data", FileTypes)
            .Produces<ImportApiResult>()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        // The API's description: public, like any API's documentation; it holds no data.
        app.MapOpenApi();
        return app;
    }

    private static async Task<IResult> ImportExamAsync(string unit, Guid exam, HttpContext http, ApiClientRegistry clients, UnitDirectory units,
        ExamRegistry exams, ExamImporter importer, IStringLocalizer<ExamsResource> words, CancellationToken ct)
    {
        var (target, refusal) = await AuthorizeAsync(http, unit, ImportScopes.Exams, clients, units, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (await exams.FindAsync(target!.Id, exam, ct) is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: ImportApiProblems.NoExam);
        }

        if (await ReadFileAsync(http, ct) is not { } file)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: ImportApiProblems.NoFile);
        }

        return Answer(await importer.ImportAsync(exam, file, null, ct), words);
    }

    private static async Task<IResult> ImportCertificatesAsync(string unit, HttpContext http, ApiClientRegistry clients, UnitDirectory units,
        CertificateRegistry certificates, IStringLocalizer<ExamsResource> words, CancellationToken ct)
    {
        var (target, refusal) = await AuthorizeAsync(http, unit, ImportScopes.Certificates, clients, units, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (await ReadFileAsync(http, ct) is not { } file)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: ImportApiProblems.NoFile);
        }

        return Answer(await certificates.ImportAsync(target!.Id, file, ct), words);
    }

    /// <summary>The client must be active now, hold the scope in its token and today, and the unit must be one of its units.</summary>
    private static async Task<(UnitView? Unit, IResult? Refusal)> AuthorizeAsync(HttpContext http, string unitSlug, string scope,
        ApiClientRegistry clients, UnitDirectory units, CancellationToken ct)
    {
        if (await clients.FindActiveAsync(http.User.GetClaim(Claims.Subject), ct) is not ApiClient client)
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: ImportApiProblems.Inactive));
        }

        if (!http.User.HasScope(scope) || !client.Scopes.Contains(scope))
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: ImportApiProblems.NoScope));
        }

        // An unknown unit answers like another unit's: a client learns nothing about units it does not serve.
        var unit = await units.FindBySlugAsync(unitSlug, ct);
        if (unit is null || !client.UnitIds.Contains(unit.Id))
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: ImportApiProblems.NotYourUnit));
        }

        return (unit, null);
    }

    /// <summary>The file from a multipart form (field <c>file</c>) or the raw body; null when missing, empty or too large.</summary>
    private static async Task<MemoryStream?> ReadFileAsync(HttpContext http, CancellationToken ct)
    {
        var copy = new MemoryStream();
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(ct);
            if (form.Files.GetFile("file") is not { Length: > 0 and <= ExamModel.MaxFileBytes } upload)
            {
                return null;
            }

            await upload.CopyToAsync(copy, ct);
        }
        else
        {
            await http.Request.Body.CopyToAsync(copy, ct);
            if (copy.Length is 0 or > ExamModel.MaxFileBytes)
            {
                return null;
            }
        }

        copy.Position = 0;
        return copy;
    }

    private static IResult Answer(ImportReport report, IStringLocalizer<ExamsResource> words)
    {
        if (report.Succeeded)
        {
            return Results.Ok(new ImportApiResult(report.Rows, report.Inserted, report.Updated));
        }

        var problems = report.Problems
            .Select(p => new ImportApiProblem(p.Line, p.Column, p.Reason.ToString(), words[$"Exams.Problem.{p.Reason}"].Value))
            .ToList();
        return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: ImportApiProblems.Refused,
            detail: $"{problems.Count} ô hoặc dòng không hợp lệ (dòng 1 là dòng tiêu đề).",
            extensions: new Dictionary<string, object?> { ["problems"] = problems });
    }
}
