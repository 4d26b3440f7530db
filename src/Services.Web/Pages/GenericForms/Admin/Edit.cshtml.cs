using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Services.Data;
using Services.Data.Dossiers;
using Services.Data.GenericForms;
using Services.Web.Localization;
using Services.Web.Units;
using Services.Workflows.Forms;

namespace Services.Web.Pages.GenericForms.Admin;

/// <summary>One question as the admin edits it; choices are one per line, "value | Nhãn | Label".</summary>
public sealed class FieldInput
{
    public string? Key { get; set; }
    public FormFieldKind Kind { get; set; }
    public bool Required { get; set; }
    public string? LabelVi { get; set; }
    public string? LabelEn { get; set; }
    public string? HelpVi { get; set; }
    public string? HelpEn { get; set; }
    public int? MaxLength { get; set; }
    public int Step { get; set; } = 1;
    public string? Choices { get; set; }
    public string? NotBefore { get; set; }
    public bool NotInFuture { get; set; }
    public string? SectionVi { get; set; }
    public string? SectionEn { get; set; }
    public bool Remove { get; set; }

    public static FieldInput From(FormField f) => new()
    {
        Key = f.Key, Kind = f.Kind, Required = f.Required, LabelVi = f.LabelVi, LabelEn = f.LabelEn, HelpVi = f.HelpVi, HelpEn = f.HelpEn,
        MaxLength = f.MaxLength, Step = f.Step, NotBefore = f.NotBefore, NotInFuture = f.NotInFuture, SectionVi = f.SectionVi, SectionEn = f.SectionEn,
        Choices = string.Join('\n', f.Choices.Select(c => $"{c.Value} | {c.LabelVi} | {c.LabelEn}")),
    };

    public FormField ToField() => new()
    {
        Key = Clean(Key), Kind = Kind, Required = Required, LabelVi = Clean(LabelVi), LabelEn = Clean(LabelEn),
        HelpVi = NullIfEmpty(HelpVi), HelpEn = NullIfEmpty(HelpEn), MaxLength = MaxLength, Step = Step,
        NotBefore = NullIfEmpty(NotBefore), NotInFuture = NotInFuture, SectionVi = NullIfEmpty(SectionVi), SectionEn = NullIfEmpty(SectionEn),
        Choices = Kind != FormFieldKind.Choice ? [] : (Choices ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .Select(parts => new FormChoice { Value = parts[0], LabelVi = parts.ElementAtOrDefault(1) ?? parts[0], LabelEn = parts.ElementAtOrDefault(2) ?? parts.ElementAtOrDefault(1) ?? parts[0] })
            .ToList(),
    };

    internal static string Clean(string? text) => CleanText.Normalize(text);

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : Clean(text);
}

public sealed class FormInput
{
    public string? Slug { get; set; }
    public string? TitleVi { get; set; }
    public string? TitleEn { get; set; }
    public string? DescriptionVi { get; set; }
    public string? DescriptionEn { get; set; }
    public string? ProcedureCode { get; set; }
    public int ProcessingDays { get; set; } = 3;
    public List<FieldInput> Fields { get; set; } = [];
}

/// <summary>Creates (<c>/quan-tri/{unit}/bieu-mau/moi</c>) or edits a generic form; saving never publishes.</summary>
public sealed class EditModel(PortalDbContext db, CurrentUnit current, TimeProvider clock, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public FormInput Input { get; set; } = new();

    public Guid? FormId { get; private set; }
    public List<string> Problems { get; } = [];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (id == "moi")
        {
            Input.Fields.Add(new FieldInput());
            return Page();
        }

        var form = await FindAsync(id, ct);
        if (form is null)
        {
            return NotFound();
        }

        FormId = form.Id;
        Input = new FormInput
        {
            Slug = form.Slug, TitleVi = form.TitleVi, TitleEn = form.TitleEn, DescriptionVi = form.DescriptionVi, DescriptionEn = form.DescriptionEn,
            ProcedureCode = form.ProcedureCode, ProcessingDays = form.ProcessingDays, Fields = [.. form.Fields.Select(FieldInput.From), new FieldInput()],
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        var form = id == "moi" ? null : await FindAsync(id, ct);
        if (id != "moi" && form is null)
        {
            return NotFound();
        }

        var now = clock.GetUtcNow();
        var candidate = form ?? new OnlineForm
        {
            Id = Guid.CreateVersion7(), UnitId = current.Unit.Id, Slug = "", TitleVi = "", TitleEn = "", Status = OnlineFormStatus.Draft, CreatedAt = now,
        };
        candidate.Slug = FieldInput.Clean(Input.Slug);
        candidate.TitleVi = FieldInput.Clean(Input.TitleVi);
        candidate.TitleEn = FieldInput.Clean(Input.TitleEn);
        candidate.DescriptionVi = FieldInput.Clean(Input.DescriptionVi);
        candidate.DescriptionEn = FieldInput.Clean(Input.DescriptionEn);
        candidate.ProcedureCode = string.IsNullOrWhiteSpace(Input.ProcedureCode) ? null : Trim(FieldInput.Clean(Input.ProcedureCode), 40);
        candidate.ProcessingDays = Input.ProcessingDays;
        candidate.Fields = Input.Fields.Where(f => !f.Remove && !string.IsNullOrWhiteSpace(f.Key)).Select(f => f.ToField()).ToList();
        candidate.UpdatedAt = now;

        foreach (var problem in FormDefinitionRules.Check(candidate))
        {
            Problems.Add(t[$"Forms.Problem.{problem.Kind}", problem.FieldKey ?? ""]);
        }

        if (await db.OnlineForms.AnyAsync(f => f.UnitId == current.Unit.Id && f.Slug == candidate.Slug && f.Id != candidate.Id, ct))
        {
            Problems.Add(t["Forms.Problem.SlugTaken", candidate.Slug]);
        }

        if (Problems.Count > 0)
        {
            FormId = form?.Id;
            db.ChangeTracker.Clear();
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        if (form is null)
        {
            db.OnlineForms.Add(candidate);
        }

        await db.SaveChangesAsync(ct);
        return Redirect(Url.Content($"~/quan-tri/{current.Unit.Slug}/bieu-mau/{candidate.Id}/xem-truoc"));
    }

    private async Task<OnlineForm?> FindAsync(string id, CancellationToken ct) =>
        Guid.TryParse(id, out var formId) ? await db.OnlineForms.SingleOrDefaultAsync(f => f.Id == formId && f.UnitId == current.Unit.Id, ct) : null;

    private static string Trim(string text, int max) => text.Length <= max ? text : text[..max];
}
