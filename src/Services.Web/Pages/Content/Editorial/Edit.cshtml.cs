using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Content;
using Services.Data.Identity;
using Services.Data.Workflows;
using Services.Web.Content;
using Services.Web.Pages.Staff;
using Services.Web.Units;
using Services.Workflows.Content;
using Services.Workflows.Forms;
using Services.Workflows.Runtime;

namespace Services.Web.Pages.Content.Editorial;

/// <summary>The fields an editor posts, named as the form names them.</summary>
public sealed class ContentForm
{
    [BindProperty(Name = "tieu-de")] public string? Title { get; set; }
    [BindProperty(Name = "chuyen-muc")] public string? Category { get; set; }
    [BindProperty(Name = "tom-tat")] public string? Summary { get; set; }
    [BindProperty(Name = "noi-dung")] public string? Source { get; set; }
    [BindProperty(Name = "nam-hoc")] public string? SchoolYear { get; set; }
    [BindProperty(Name = "so-hieu")] public string? Number { get; set; }
    [BindProperty(Name = "co-quan")] public string? Authority { get; set; }
    [BindProperty(Name = "ngay-ban-hanh")] public DateOnly? IssuedOn { get; set; }
    [BindProperty(Name = "ngay-hieu-luc")] public DateOnly? EffectiveOn { get; set; }
    [BindProperty(Name = "anh-mo-ta")] public string? ImageAlt { get; set; }

    public static ContentForm Of(ContentItem item) => new()
    {
        ImageAlt = item.ImageAlt, Title = item.Title, Category = item.Category, Summary = item.Summary, Source = item.Source, SchoolYear = item.SchoolYear,
        Number = item.DocumentNumber, Authority = item.IssuingAuthority, IssuedOn = item.IssuedOn, EffectiveOn = item.EffectiveOn,
    };

    /// <summary>The checked draft, or null when a field is missing, too long or not clean text.</summary>
    public ContentDraft? ToDraft(ContentKind kind)
    {
        var (title, titleProblem) = Optional(Title, 300, allowLineBreaks: false);
        var (summary, summaryProblem) = Optional(Summary, 1000, allowLineBreaks: true);
        var (source, sourceProblem) = Optional(Source, 100_000, allowLineBreaks: true);
        var (number, numberProblem) = Optional(Number, 60, allowLineBreaks: false);
        var (authority, authorityProblem) = Optional(Authority, 300, allowLineBreaks: false);
        var (year, yearProblem) = Optional(SchoolYear, 9, allowLineBreaks: false);
        if ((titleProblem ?? summaryProblem ?? sourceProblem ?? numberProblem ?? authorityProblem ?? yearProblem) is not null
            || title.Length == 0 || summary.Length == 0 || source.Length == 0 || !ContentCategories.IsValid(kind, Category))
        {
            return null;
        }

        if (kind == ContentKind.Document && (number.Length == 0 || authority.Length == 0 || IssuedOn is null || EffectiveOn < IssuedOn))
        {
            return null;
        }

        if (kind == ContentKind.Disclosure && !IsSchoolYear(year))
        {
            return null;
        }

        return new ContentDraft(Category!, title, summary, source, year, number, authority, IssuedOn, EffectiveOn);
    }

    /// <summary>A field checked as clean text; an empty one is "" here, and refused (or not) by the rule for its kind.</summary>
    private static (string Value, CleanTextProblem? Problem) Optional(string? input, int maxLength, bool allowLineBreaks) =>
        CleanText.Check(input, maxLength, allowLineBreaks) is var (value, problem) && problem == CleanTextProblem.Empty ? ("", null) : (value, problem);

    private static bool IsSchoolYear(string year) =>
        year.Length == 9 && year[4] == '-' && int.TryParse(year[..4], CultureInfo.InvariantCulture, out var from)
        && int.TryParse(year[5..], CultureInfo.InvariantCulture, out var to) && to == from + 1;
}

/// <summary>
/// One item for the editorial board: an editor writes and submits a draft; an approver approves it for publication now
/// or at a set time, or returns it with a comment; a published item can be unpublished and revised.
/// </summary>
[RequestSizeLimit(NewsImages.MaxBytes + (1024 * 1024))]
public sealed class EditModel(PortalDbContext db, Services.Workflows.Content.Editorial editorial, CurrentUnit current) : PageModel
{
    [BindProperty]
    public ContentForm Form { get; set; } = new();

    [BindProperty(Name = "loai", SupportsGet = true)]
    public ContentKind Kind { get; set; }

    /// <summary>News: the image an editor attaches (one per item; a new one replaces the stored one).</summary>
    [BindProperty(Name = "anh")]
    public IFormFile? Image { get; set; }

    [BindProperty(Name = "dang-luc")]
    public string? PublishAtText { get; set; }

    [BindProperty(Name = "y-kien")]
    public string? Comment { get; set; }

    public ContentItem? Item { get; private set; }
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (id == "moi")
        {
            return Enum.IsDefined(Kind) ? Page() : NotFound();
        }

        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Form = ContentForm.Of(Item!);
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(string id, CancellationToken ct) => SaveAsync(id, submit: false, ct);

    public Task<IActionResult> OnPostSubmitAsync(string id, CancellationToken ct) => SaveAsync(id, submit: true, ct);

    public Task<IActionResult> OnPostApproveAsync(string id, CancellationToken ct) => ActAsync(id, async (item, actor) =>
    {
        DateTimeOffset? at = null;
        if (!string.IsNullOrWhiteSpace(PublishAtText))
        {
            if (!DateTime.TryParseExact(PublishAtText, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                return "Content.Invalid";
            }

            at = new DateTimeOffset(local, WorkingCalendar.VietnamOffset);
        }

        await editorial.ApproveAsync(item, at, actor, ct);
        return null;
    }, PortalRole.Approver, ct);

    public Task<IActionResult> OnPostReturnAsync(string id, CancellationToken ct) => ActAsync(id, async (item, actor) =>
    {
        var (comment, problem) = CleanText.Check(Comment, 900, allowLineBreaks: false);
        if (problem is not null || comment.Length == 0)
        {
            return "Content.CommentRequired";
        }

        await editorial.ReturnAsync(item, comment, actor, ct);
        return null;
    }, PortalRole.Approver, ct);

    public Task<IActionResult> OnPostUnpublishAsync(string id, CancellationToken ct) => ActAsync(id, async (item, actor) =>
    {
        await editorial.UnpublishAsync(item, actor, ct);
        return null;
    }, PortalRole.Editor, ct);

    public Task<IActionResult> OnPostReviseAsync(string id, CancellationToken ct) => ActAsync(id, async (item, actor) =>
    {
        await editorial.ReviseAsync(item, actor, ct);
        return null;
    }, PortalRole.Editor, ct);

    private async Task<IActionResult> SaveAsync(string id, bool submit, CancellationToken ct)
    {
        ContentItem? item = null;
        if (id != "moi")
        {
            if (!await LoadAsync(id, ct))
            {
                return NotFound();
            }

            item = Item!;
        }

        var kind = item?.Kind ?? Kind;
        if (!Enum.IsDefined(kind))
        {
            return NotFound();
        }

        var draft = Form.ToDraft(kind);
        if (draft is null)
        {
            Kind = kind;
            return Refuse("Content.Invalid");
        }

        var (image, imageProblem) = await ImageOfAsync(kind, item, ct);
        if (imageProblem is not null)
        {
            Kind = kind;
            return Refuse(imageProblem);
        }

        draft = draft with { ImageAlt = image.Alt, Image = image.Prepared };
        var actor = StaffActor.For(User, HttpContext, current.Unit.Id, PortalRole.Editor);
        try
        {
            if (item is null)
            {
                item = await editorial.CreateAsync(current.Unit.Id, kind, draft, actor, ct);
            }
            else
            {
                await editorial.UpdateAsync(item, draft, actor, ct);
            }

            if (submit)
            {
                await editorial.SubmitAsync(item, actor, ct);
            }
        }
        catch (EditorialActionRefusedException)
        {
            return Refuse("Content.Refused");
        }

        TempData["ContentNotice"] = "Content.Done";
        return Redirect(Url.Content($"~/quan-tri/{current.Unit.Slug}/noi-dung/{item.Id}"));
    }

    /// <summary>
    /// News: the uploaded image prepared for storage (refused with the reason when it is not an acceptable image) and
    /// the alternative text, required as soon as the item has an image, new or stored.
    /// </summary>
    private async Task<((string? Alt, PreparedImage? Prepared) Image, string? Problem)> ImageOfAsync(ContentKind kind, ContentItem? item, CancellationToken ct)
    {
        if (kind != ContentKind.News)
        {
            return ((null, null), null);
        }

        PreparedImage? prepared = null;
        if (Image is { Length: > 0 })
        {
            if (Image.Length > NewsImages.MaxBytes)
            {
                return ((null, null), "Content.Image.TooLarge");
            }

            using var buffer = new MemoryStream((int)Image.Length);
            await Image.CopyToAsync(buffer, ct);
            (prepared, var problem) = NewsImages.Prepare(buffer.ToArray());
            if (problem is not null)
            {
                return ((null, null), problem);
            }
        }

        var (alt, altProblem) = CleanText.Check(Form.ImageAlt, 300, allowLineBreaks: false);
        if (prepared is null && item?.ImageUpdatedAt is null)
        {
            return ((null, null), null);
        }

        return altProblem is null ? ((alt, prepared), null) : ((null, null), "Content.Image.AltRequired");
    }

    private async Task<IActionResult> ActAsync(string id, Func<ContentItem, Actor, Task<string?>> action, PortalRole role, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Form = ContentForm.Of(Item!);
        if (role == PortalRole.Approver && !StaffActor.RolesIn(User, current.Unit.Id).Contains(PortalRole.Approver))
        {
            return Refuse("Content.NotApprover");
        }

        string? problem;
        try
        {
            problem = await action(Item!, StaffActor.For(User, HttpContext, current.Unit.Id, role));
        }
        catch (Exception ex) when (ex is EditorialActionRefusedException or TaskActionRefusedException or TaskAlreadyDecidedException)
        {
            problem = "Content.Refused";
        }

        if (problem is not null)
        {
            return Refuse(problem);
        }

        TempData["ContentNotice"] = "Content.Done";
        return Redirect(Url.Content($"~/quan-tri/{current.Unit.Slug}/noi-dung/{id}"));
    }

    private PageResult Refuse(string problem)
    {
        Problem = problem;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>Only the route's unit's items: an editor of one school cannot open another's by its id.</summary>
    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var itemId))
        {
            return false;
        }

        Item = await db.ContentItems.FirstOrDefaultAsync(i => i.Id == itemId && i.UnitId == current.Unit.Id, ct);
        Kind = Item?.Kind ?? Kind;
        return Item is not null;
    }
}
