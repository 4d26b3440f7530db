using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Web.Units;
using Services.Workflows.Exams;
using Services.Workflows.Runtime;

namespace Services.Web.Pages.Exams.Staff;

/// <summary>One exam: its publication time, importing its file (with a progress page), and exporting its results once published.</summary>
[RequestSizeLimit(MaxFileBytes + (1024 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = MaxFileBytes + (1024 * 1024))]
public sealed class ExamModel(ExamRegistry registry, ExamImports imports, CurrentUnit current) : PageModel
{
    /// <summary>The largest exam file accepted: 100,000 candidates with a dozen subjects fit many times over.</summary>
    public const long MaxFileBytes = 30 * 1024 * 1024;

    [BindProperty(Name = "cong-bo")]
    public string? PublishAtText { get; set; }

    [BindProperty(Name = "phuc-khao-den")]
    public string? RegradeUntilText { get; set; }

    [BindProperty(Name = "le-phi")]
    public int? RegradeFee { get; set; }

    public ExamSummary Summary { get; private set; } = null!;
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    /// <summary>Sets the publication time, given in Vietnam time to the minute; an empty field withdraws it.</summary>
    public async Task<IActionResult> OnPostPublishAsync(Guid id, CancellationToken ct)
    {
        DateTimeOffset? publishAt = null;
        if (!string.IsNullOrWhiteSpace(PublishAtText))
        {
            if (!DateTime.TryParseExact(PublishAtText, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                Message = "Exams.Staff.InvalidTime";
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return await LoadAsync(id, ct) ? Page() : NotFound();
            }

            publishAt = new DateTimeOffset(local, WorkingCalendar.VietnamOffset);
        }

        if (!await registry.SetPublicationAsync(current.Unit.Id, id, publishAt, ct))
        {
            return NotFound();
        }

        return Redirect(Url.Content($"~/can-bo/{current.Unit.Slug}/ky-thi/{id}"));
    }

    /// <summary>Sets the re-grading window's last minute (Vietnam time; empty closes it) and the fee per paper.</summary>
    public async Task<IActionResult> OnPostRegradingAsync(Guid id, CancellationToken ct)
    {
        DateTimeOffset? until = null;
        var valid = RegradeFee is null or (>= 0 and <= 10_000_000);
        if (!string.IsNullOrWhiteSpace(RegradeUntilText))
        {
            valid &= DateTime.TryParseExact(RegradeUntilText, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local);
            until = new DateTimeOffset(local, WorkingCalendar.VietnamOffset);
        }

        if (!valid)
        {
            Message = "Regrade.Exam.Invalid";
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }

        if (!await registry.SetRegradingAsync(current.Unit.Id, id, until, RegradeFee ?? 0, ct))
        {
            return NotFound();
        }

        return Redirect(Url.Content($"~/can-bo/{current.Unit.Slug}/ky-thi/{id}"));
    }

    public async Task<IActionResult> OnPostImportAsync(Guid id, IFormFile? tep, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (tep is not { Length: > 0 and <= MaxFileBytes })
        {
            Message = "Exams.Staff.NoFile";
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        using var copy = new MemoryStream((int)tep.Length);
        await tep.CopyToAsync(copy, ct);
        var job = imports.Start(id, current.Unit.Id, copy.ToArray());
        return Redirect(Url.Content($"~/can-bo/{current.Unit.Slug}/ky-thi/nhap/{job.Id}"));
    }

    /// <summary>The results as CSV; refused before the publication minute, for staff as for everyone.</summary>
    public async Task<IActionResult> OnGetExportAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (await registry.ExportAsync(current.Unit.Id, id, ct) is not { } csv)
        {
            Message = "Exams.Staff.ExportNotYet";
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        return File(csv, "text/csv; charset=utf-8", $"ket-qua-{id:N}.csv");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        Summary = (await registry.FindAsync(current.Unit.Id, id, ct))!;
        PublishAtText ??= Summary?.Exam.PublishAt is { } at ? at.ToOffset(WorkingCalendar.VietnamOffset).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture) : null;
        RegradeUntilText ??= Summary?.Exam.RegradeUntil is { } until ? until.ToOffset(WorkingCalendar.VietnamOffset).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture) : null;
        RegradeFee ??= Summary?.Exam.RegradeFee;
        return Summary is not null;
    }
}
