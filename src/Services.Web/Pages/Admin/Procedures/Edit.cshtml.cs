using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;
using Services.Data;
using Services.Data.Catalogue;
using Services.Web.Catalogue;
using Services.Web.Localization;
using Services.Web.Units;
using Services.Workflows.Dossiers;
using Services.Workflows.Dossiers.Attachments;

namespace Services.Web.Pages.Admin.Procedures;

/// <summary>What the admin types for a procedure; lists (steps, documents, legal basis) are one entry per line.</summary>
public sealed class ProcedureInput
{
    public string? Code { get; set; }
    public string? NameVi { get; set; }
    public string? NameEn { get; set; }
    public string? FieldVi { get; set; }
    public string? FieldEn { get; set; }
    public ServiceLevel Level { get; set; }
    public string? Steps { get; set; }
    public string? Components { get; set; }
    public string? Submission { get; set; }
    public string? HandlerName { get; set; }
    public string? HandlerContact { get; set; }
    public int? ProcessingDays { get; set; }
    public string? Fees { get; set; }
    public string? LegalBasis { get; set; }
    public string? OnlineServiceSlug { get; set; }
    public int SortOrder { get; set; }
    public string? Applicants { get; set; }
    public string? Agency { get; set; }
    public string? Result { get; set; }
    public string? Requirements { get; set; }
    public int? DossierSets { get; set; }

    public static ProcedureInput From(Procedure p) => new()
    {
        Code = p.Code, NameVi = p.NameVi, NameEn = p.NameEn, FieldVi = p.FieldVi, FieldEn = p.FieldEn, Level = p.Level,
        Steps = string.Join('\n', p.StepsVi), Components = string.Join('\n', p.ComponentsVi), Submission = p.SubmissionVi,
        HandlerName = p.HandlerName, HandlerContact = p.HandlerContact, ProcessingDays = p.ProcessingDays, Fees = p.FeesVi,
        LegalBasis = p.LegalBasisVi, OnlineServiceSlug = p.OnlineServiceSlug, SortOrder = p.SortOrder,
        Applicants = p.ApplicantsVi, Agency = p.AgencyVi, Result = p.ResultVi, Requirements = p.RequirementsVi, DossierSets = p.DossierSets,
    };
}

/// <summary>Creates (<c>/quan-tri/{unit}/thu-tuc/moi</c>) or edits a procedure of the route's unit, and manages its form files.</summary>
public sealed partial class EditModel(
    PortalDbContext db, CurrentUnit current, TimeProvider clock, IAttachmentStore store, IStringLocalizer<CatalogueResource> text,
    IOptions<AttachmentOptions> attachmentOptions, ServiceDefinitions services) : PageModel
{
    public const string NewId = "moi";
    private const int MaxListLines = 40;
    private const int MaxLineLength = 1000;

    [BindProperty]
    public ProcedureInput Input { get; set; } = new();

    [BindProperty]
    public string? UploadTitle { get; set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public Procedure? Existing { get; private set; }

    [TempData]
    public string? Notice { get; set; }

    public bool IsNew => Existing is null;

    /// <summary>The unit's published online services: the only choices for the procedure's link, so it never leads to a 404.</summary>
    public IReadOnlyList<ServiceOffering> Offerings { get; private set; } = [];

    private async Task LoadOfferingsAsync(CancellationToken ct)
    {
        var offerings = new List<ServiceOffering>();
        foreach (var service in services.All)
        {
            offerings.AddRange(await service.OfferingsAsync(db, current.Unit.Id, includeUnpublished: false, ct));
        }

        Offerings = offerings.OrderBy(o => o.TitleVi, StringComparer.Ordinal).ToList();
    }

    /// <summary>The upload size limit as people read it ("10 MB"), for the help text.</summary>
    public string MaxUploadSize => FileSizes.Format(attachmentOptions.Value.MaxFileBytes);

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        await LoadOfferingsAsync(ct);
        if (id == NewId)
        {
            Input = new ProcedureInput { ProcessingDays = 5, Fees = "Không", Level = ServiceLevel.Offline, Agency = current.Unit.Name, DossierSets = 1 };
            return Page();
        }

        if (await LoadAsync(id, tracked: false, ct) is null)
        {
            return NotFound();
        }

        Input = ProcedureInput.From(Existing!);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        var procedure = id == NewId ? null : await LoadAsync(id, tracked: true, ct);
        if (id != NewId && procedure is null)
        {
            return NotFound();
        }

        await LoadOfferingsAsync(ct);
        ModelState.Clear(); // binding errors (a number field with letters) are re-checked below with our own messages
        var values = Validate();
        if (values.Code is not null && await db.Procedures.AnyAsync(p => p.UnitId == current.Unit.Id && p.Code == values.Code && (procedure == null || p.Id != procedure.Id), ct))
        {
            ModelState.AddModelError("Input.Code", text["Error.CodeTaken", values.Code]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var now = clock.GetUtcNow();
        if (procedure is null)
        {
            procedure = new Procedure
            {
                Id = Guid.CreateVersion7(), UnitId = current.Unit.Id, Code = "", NameVi = "", FieldVi = "", SubmissionVi = "",
                HandlerName = "", HandlerContact = "", FeesVi = "", LegalBasisVi = "", CreatedAt = now,
            };
            db.Procedures.Add(procedure);
        }

        values.ApplyTo(procedure);
        procedure.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Two admins saving the same code at once: the unique index decides, the second gets the message.
            ModelState.AddModelError("Input.Code", text["Error.CodeTaken", procedure.Code]);
            return Page();
        }

        Notice = text["Admin.Saved", procedure.Code].Value;
        return Redirect(Url.Content($"~/quan-tri/{current.Unit.Slug}/thu-tuc/{procedure.Id}"));
    }

    public async Task<IActionResult> OnPostUploadAsync(string id, CancellationToken ct)
    {
        var procedure = await LoadAsync(id, tracked: true, ct);
        if (procedure is null)
        {
            return NotFound();
        }

        Input = ProcedureInput.From(procedure);
        await LoadOfferingsAsync(ct);
        ModelState.Clear();
        var title = CatalogueText.Clean(UploadTitle);
        if (string.IsNullOrEmpty(title))
        {
            ModelState.AddModelError(nameof(UploadTitle), text["Error.Required", text["Admin.Form.Title"]]);
        }
        else if (title.Length > 300)
        {
            ModelState.AddModelError(nameof(UploadTitle), text["Error.TooLong", text["Admin.Form.Title"], 300]);
        }

        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), text["Error.NoFile"]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        await using var content = Upload!.OpenReadStream();
        var saved = await store.SaveAsync(content, Upload.FileName, procedure.Forms.Count, ct);
        if (saved.Attachment is not { } file)
        {
            ModelState.AddModelError(nameof(Upload), saved.Rejection!.Message());
            return Page();
        }

        // Added through the DbSet: a new row whose key is already set would otherwise be taken for an existing one.
        db.ProcedureForms.Add(new ProcedureForm
        {
            Id = file.Id, ProcedureId = procedure.Id, Title = title!, FileName = file.FileName, Sha256 = file.Sha256,
            Size = file.Size, ContentType = file.ContentType, SortOrder = procedure.Forms.Count, UploadedAt = clock.GetUtcNow(),
        });
        procedure.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        Notice = text["Admin.FormAdded", file.FileName].Value;
        return Redirect(Url.Content($"~/quan-tri/{current.Unit.Slug}/thu-tuc/{procedure.Id}"));
    }

    public async Task<IActionResult> OnPostDeleteFormAsync(string id, Guid formId, CancellationToken ct)
    {
        var procedure = await LoadAsync(id, tracked: true, ct);
        var form = procedure?.Forms.FirstOrDefault(f => f.Id == formId);
        if (procedure is null || form is null)
        {
            return NotFound();
        }

        // Only the row goes: the stored bytes are content-addressed and may back another form or dossier.
        db.ProcedureForms.Remove(form);
        procedure.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        Notice = text["Admin.FormRemoved", form.FileName].Value;
        return Redirect(Url.Content($"~/quan-tri/{current.Unit.Slug}/thu-tuc/{procedure.Id}"));
    }

    private async Task<Procedure?> LoadAsync(string id, bool tracked, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var guid))
        {
            return null;
        }

        var query = db.Procedures.Include(p => p.Forms).Where(p => p.Id == guid && p.UnitId == current.Unit.Id);
        Existing = await (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(ct);
        Existing?.Forms.Sort((a, b) => a.SortOrder.CompareTo(b.SortOrder));
        return Existing;
    }

    /// <summary>Cleans the input and records a Vietnamese (or English) message per bad field; limits match the columns.</summary>
    private ValidatedProcedure Validate()
    {
        string? Text(string key, string? value, int max, bool required)
        {
            var cleaned = CatalogueText.Clean(value);
            if (string.IsNullOrEmpty(cleaned))
            {
                if (required)
                {
                    ModelState.AddModelError($"Input.{key}", text["Error.Required", text[$"Admin.Field.{key}"]]);
                }

                return null;
            }

            if (cleaned.Length > max)
            {
                ModelState.AddModelError($"Input.{key}", text["Error.TooLong", text[$"Admin.Field.{key}"], max]);
                return null;
            }

            return cleaned;
        }

        List<string> Lines(string key, string? value, bool required)
        {
            var lines = CatalogueText.Lines(value);
            if (required && lines.Count == 0)
            {
                ModelState.AddModelError($"Input.{key}", text["Error.Required", text[$"Admin.Field.{key}"]]);
            }
            else if (lines.Count > MaxListLines || lines.Any(l => l.Length > MaxLineLength))
            {
                ModelState.AddModelError($"Input.{key}", text["Error.TooManyLines", text[$"Admin.Field.{key}"], MaxListLines, MaxLineLength]);
            }

            return lines;
        }

        var code = Text(nameof(ProcedureInput.Code), Input.Code, 40, required: true);
        if (code is not null && !CodePattern().IsMatch(code))
        {
            ModelState.AddModelError("Input.Code", text["Error.CodeFormat"]);
        }

        var slug = Text(nameof(ProcedureInput.OnlineServiceSlug), Input.OnlineServiceSlug, 80, required: false);
        if (slug is not null && !Offerings.Any(o => o.PathInUnit == $"dich-vu/{slug}"))
        {
            ModelState.AddModelError("Input.OnlineServiceSlug", text["Error.OnlineServiceUnknown"]);
        }

        if (Input.ProcessingDays is not (>= 0 and <= 365))
        {
            ModelState.AddModelError("Input.ProcessingDays", text["Error.Days"]);
        }

        if (Input.DossierSets is not (>= 1 and <= 20))
        {
            ModelState.AddModelError("Input.DossierSets", text["Error.DossierSets"]);
        }

        var requirements = string.Join('\n', Lines(nameof(ProcedureInput.Requirements), Input.Requirements, required: false));
        if (requirements.Length > 4000)
        {
            ModelState.AddModelError("Input.Requirements", text["Error.TooLong", text["Admin.Field.Requirements"], 4000]);
        }

        if (!Enum.IsDefined(Input.Level))
        {
            ModelState.AddModelError("Input.Level", text["Error.Required", text["Admin.Field.Level"]]);
        }

        var legalBasis = Lines(nameof(ProcedureInput.LegalBasis), Input.LegalBasis, required: true);
        var legalText = string.Join('\n', legalBasis);
        if (legalText.Length > 4000)
        {
            ModelState.AddModelError("Input.LegalBasis", text["Error.TooLong", text["Admin.Field.LegalBasis"], 4000]);
        }

        return new ValidatedProcedure(
            code,
            Text(nameof(ProcedureInput.NameVi), Input.NameVi, 300, required: true),
            Text(nameof(ProcedureInput.NameEn), Input.NameEn, 300, required: false),
            Text(nameof(ProcedureInput.FieldVi), Input.FieldVi, 120, required: true),
            Text(nameof(ProcedureInput.FieldEn), Input.FieldEn, 120, required: false),
            Input.Level,
            Lines(nameof(ProcedureInput.Steps), Input.Steps, required: true),
            Lines(nameof(ProcedureInput.Components), Input.Components, required: true),
            Text(nameof(ProcedureInput.Submission), Input.Submission, 2000, required: true),
            Text(nameof(ProcedureInput.HandlerName), Input.HandlerName, 200, required: true),
            Text(nameof(ProcedureInput.HandlerContact), Input.HandlerContact, 300, required: true),
            Input.ProcessingDays ?? 0,
            Text(nameof(ProcedureInput.Fees), Input.Fees, 1000, required: true),
            legalText,
            slug,
            Input.SortOrder,
            new ProcedureDetails(
                Text(nameof(ProcedureInput.Applicants), Input.Applicants, 1000, required: true),
                Text(nameof(ProcedureInput.Agency), Input.Agency, 1000, required: true),
                Text(nameof(ProcedureInput.Result), Input.Result, 1000, required: true),
                requirements,
                Input.DossierSets ?? 1));
    }

    /// <summary>Who applies, who decides, what comes out, on what conditions, how many sets (the procedure page's header facts).</summary>
    private sealed record ProcedureDetails(string? Applicants, string? Agency, string? Result, string Requirements, int DossierSets);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9.-]{0,39}$")]
    private static partial Regex CodePattern();

    private sealed record ValidatedProcedure(
        string? Code, string? NameVi, string? NameEn, string? FieldVi, string? FieldEn, ServiceLevel Level,
        List<string> Steps, List<string> Components, string? Submission, string? HandlerName, string? HandlerContact,
        int ProcessingDays, string? Fees, string LegalBasis, string? OnlineServiceSlug, int SortOrder, ProcedureDetails Details)
    {
        /// <summary>Only called once validation passed, so the required values are present.</summary>
        public void ApplyTo(Procedure p)
        {
            p.Code = Code!;
            p.NameVi = NameVi!;
            p.NameEn = NameEn;
            p.FieldVi = FieldVi!;
            p.FieldEn = FieldEn;
            p.Level = Level;
            p.StepsVi = Steps;
            p.ComponentsVi = Components;
            p.SubmissionVi = Submission!;
            p.HandlerName = HandlerName!;
            p.HandlerContact = HandlerContact!;
            p.ProcessingDays = ProcessingDays;
            p.FeesVi = Fees!;
            p.LegalBasisVi = LegalBasis;
            p.OnlineServiceSlug = OnlineServiceSlug;
            p.SortOrder = SortOrder;
            p.ApplicantsVi = Details.Applicants!;
            p.AgencyVi = Details.Agency!;
            p.ResultVi = Details.Result!;
            p.RequirementsVi = Details.Requirements;
            p.DossierSets = Details.DossierSets;
        }
    }
}
