using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Data.Identity;
using Services.Web.Content;
using Services.Web.Pages.Staff;
using Services.Web.Units;
using Services.Workflows.Content;
using Services.Workflows.Exams;

namespace Services.Web.Pages.Content.Editorial;

/// <summary>
/// The unit's statistics yearbook as its editorial board keeps it: the last five school years typed in a table or
/// imported from a CSV or Excel file (all or nothing, with the file's problems listed); every change journaled.
/// </summary>
[RequestSizeLimit(MaxFileBytes + (64 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = MaxFileBytes + (64 * 1024))]
public sealed class YearbookModel(UnitYearbook yearbook, CurrentUnit current) : PageModel
{
    /// <summary>Five lines of figures never come near this; anything larger is not a yearbook.</summary>
    public const int MaxFileBytes = 256 * 1024;

    /// <summary>The form's fields for one year's figures, in the order of <see cref="Yearbook.Columns"/> after the year.</summary>
    public static readonly IReadOnlyList<(string Field, string ResourceKey)> Fields =
        [("truong", "Yearbook.Schools"), ("lop", "Yearbook.Classes"), ("giao-vien", "Yearbook.Teachers"), ("hoc-sinh", "Yearbook.Pupils"), ("phong-hoc", "Yearbook.Classrooms")];

    public IReadOnlyList<string> Years { get; private set; } = [];
    public Dictionary<string, YearbookFigures> Stored { get; private set; } = [];

    /// <summary>What was typed, by field name, so a refused form shows it again.</summary>
    public Dictionary<string, string> Typed { get; } = new(StringComparer.Ordinal);

    /// <summary>The years whose figures were refused in the form.</summary>
    public List<string> Refused { get; } = [];

    public IReadOnlyList<ImportProblem> Problems { get; private set; } = [];
    public bool NoFile { get; private set; }
    public bool Saved { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Saved = Request.Query.ContainsKey("da-luu");
    }

    public string Value(string field, string year, Func<YearbookFigures, int> stored) =>
        Typed.TryGetValue($"{field}-{year}", out var typed) ? typed
        : Stored.TryGetValue(year, out var row) ? stored(row).ToString(System.Globalization.CultureInfo.InvariantCulture) : "";

    /// <summary>Saves the years whose row was filled in; a row left wholly empty stays as it was.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var rows = new List<YearbookFigures>();
        foreach (var year in Years)
        {
            var texts = Fields.Select(f => Request.Form[$"{f.Field}-{year}"].ToString()).ToList();
            for (var i = 0; i < Fields.Count; i++)
            {
                Typed[$"{Fields[i].Field}-{year}"] = texts[i].Length > 12 ? texts[i][..12] : texts[i];
            }

            if (texts.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            var figures = texts.Select(Yearbook.Figure).ToList();
            if (figures.Any(f => f is null))
            {
                Refused.Add(year);
                continue;
            }

            rows.Add(new YearbookFigures(year, figures[0]!.Value, figures[1]!.Value, figures[2]!.Value, figures[3]!.Value, figures[4]!.Value));
        }

        if (Refused.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        return await SaveAsync(rows, ct);
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? tep, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (tep is not { Length: > 0 and <= MaxFileBytes })
        {
            NoFile = true;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        await using var stream = tep.OpenReadStream();
        var parsed = Yearbook.Read(stream, Years.ToHashSet(StringComparer.Ordinal));
        if (parsed.Problems.Count > 0)
        {
            Problems = parsed.Problems;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        return await SaveAsync(parsed.Rows, ct);
    }

    private async Task<IActionResult> SaveAsync(IReadOnlyList<YearbookFigures> rows, CancellationToken ct)
    {
        if (rows.Count > 0)
        {
            var held = StaffActor.RolesIn(User, current.Unit.Id);
            var role = new[] { PortalRole.Editor, PortalRole.Approver, PortalRole.UnitAdmin }.FirstOrDefault(held.Contains);
            await yearbook.SaveAsync(current.Unit, rows, StaffActor.For(User, HttpContext, current.Unit.Id, role), ct);
        }

        return Redirect(Url.Content($"~/quan-tri/{current.Unit.Slug}/nien-giam?da-luu=1"));
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Years = yearbook.Years;
        Stored = (await yearbook.FiguresAsync(current.Unit.Id, ct)).ToDictionary(f => f.SchoolYear);
    }
}
