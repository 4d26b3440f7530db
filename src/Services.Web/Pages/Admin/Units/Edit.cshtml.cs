using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Services.Data;
using Services.Data.Units;
using Services.Web.Localization;
using Services.Web.Units;

namespace Services.Web.Pages.Admin.Units;

/// <summary>
/// Adds or edits a unit: slug (its portal's address), names, kind, parent, contacts. A slug is unique, never one of the
/// portal's own first path segments, and a unit never becomes its own ancestor. The unit's portal answers at once.
/// </summary>
public sealed partial class EditModel(PortalDbContext db, UnitDirectory units, JournaledChanges changes, TimeProvider clock, IStringLocalizer<WorkplaceResource> w)
    : PageModel
{
    /// <summary>First path segments the portal uses itself: a unit with one of these slugs would be unreachable.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "en", "can-bo", "quan-tri", "kiem-tra", "he-thong", "tai-khoan", "loi", "tra-cuu-ho-so", "nhat-ky-kiem-chung", "tim-truong", "tim-kiem",
        "healthz", "readyz", "metrics", "lib", "css", "js", "api", "rss.xml", "sitemap.xml", "tra-cuu-diem", "xac-minh-van-bang",
        "connect", "openapi", // examsapi: the token endpoint and the API description
    };

    [BindProperty]
    public UnitForm Input { get; set; } = new();

    public Guid? Id { get; private set; }
    public IReadOnlyList<UnitView> Parents { get; private set; } = [];
    public Dictionary<string, string> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        if (id is { } existing)
        {
            if (await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == existing, ct) is not { } unit)
            {
                return NotFound();
            }

            Input = new UnitForm
            {
                Slug = unit.Slug, NameVi = unit.NameVi, NameEn = unit.NameEn, Kind = unit.Kind, ParentId = unit.ParentId,
                Address = unit.Address, Phone = unit.Phone, Email = unit.Email,
            };
        }
        else
        {
            Input.Kind = UnitKind.PrimarySchool;
        }

        await LoadParentsAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        var unit = id is { } existing ? await db.Units.FirstOrDefaultAsync(u => u.Id == existing, ct) : null;
        if (id is not null && unit is null)
        {
            return NotFound();
        }

        await ValidateAsync(unit, ct);
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadParentsAsync(ct);
            return Page();
        }

        var isNew = unit is null;
        if (unit is null)
        {
            unit = new Unit
            {
                Id = Guid.CreateVersion7(), Slug = "", NameVi = "", NameEn = "", Address = "", Phone = "", Email = "", CreatedAt = clock.GetUtcNow(),
            };
            db.Units.Add(unit);
        }

        unit.Slug = Input.Slug!.Trim();
        unit.NameVi = Input.NameVi!.Trim();
        unit.NameEn = string.IsNullOrWhiteSpace(Input.NameEn) ? unit.NameVi : Input.NameEn.Trim();
        unit.Kind = Input.Kind;
        unit.ParentId = Input.ParentId;
        unit.Address = Input.Address?.Trim() ?? "";
        unit.Phone = Input.Phone?.Trim() ?? "";
        unit.Email = Input.Email?.Trim() ?? "";
        // A new unit has no chain yet (its row is not written): it is journaled in its parent's, as the parent's child.
        var chainUnit = isNew ? unit.ParentId ?? (await units.RootAsync(ct)).Id : unit.Id;
        var details = new Dictionary<string, string?>
        {
            ["unit"] = unit.Id.ToString(), ["slug"] = unit.Slug, ["name"] = unit.NameVi, ["kind"] = unit.Kind.ToString(), ["parent"] = unit.ParentId?.ToString(),
        };
        await changes.RunAsync(chainUnit, isNew ? "unit.created" : "unit.changed", details,
            Pages.Staff.StaffActor.For(User, HttpContext, chainUnit, Services.Data.Identity.PortalRole.SystemAdmin), async () =>
            {
                await db.SaveChangesAsync(ct);
                return true;
            }, ct);
        units.Invalidate();
        TempData["unit-notice"] = w["Units.Saved", unit.NameVi].Value;
        return Redirect(Url.Content("~/quan-tri/don-vi"));
    }

    private async Task ValidateAsync(Unit? unit, CancellationToken ct)
    {
        var slug = Input.Slug?.Trim() ?? "";
        if (!SlugPattern().IsMatch(slug) || slug.Length > 60)
        {
            Errors["Slug"] = w["Units.Error.Slug"];
        }
        else if (Reserved.Contains(slug) || await db.Units.AnyAsync(u => u.Slug == slug && (unit == null || u.Id != unit.Id), ct))
        {
            Errors["Slug"] = w["Units.Error.SlugTaken"];
        }

        if (string.IsNullOrWhiteSpace(Input.NameVi) || Input.NameVi.Trim().Length > 200)
        {
            Errors["NameVi"] = w["Units.Error.Name"];
        }

        if (Input.NameEn?.Trim().Length > 200)
        {
            Errors["NameEn"] = w["Units.Error.Name"];
        }

        if (!Enum.IsDefined(Input.Kind))
        {
            Errors["Kind"] = w["Units.Error.Kind"];
        }

        // Only the department stands alone; every other unit hangs under a parent that is not itself or below it.
        if (Input.ParentId is null)
        {
            if (unit?.ParentId is not null || unit is null)
            {
                Errors["ParentId"] = w["Units.Error.Parent"];
            }
        }
        else if (await units.FindByIdAsync(Input.ParentId.Value, ct) is not { } parent || parent.IsSchool
                 || (unit is not null && await IsSelfOrBelowAsync(Input.ParentId.Value, unit.Id, ct)))
        {
            Errors["ParentId"] = w["Units.Error.Parent"];
        }

        if (Input.Email is { Length: > 0 } email && (email.Length > 254 || !email.Contains('@', StringComparison.Ordinal)))
        {
            Errors["Email"] = w["Units.Error.Email"];
        }

        if (Input.Phone is { Length: > 0 } phone && !PhonePattern().IsMatch(phone.Trim()))
        {
            Errors["Phone"] = w["Units.Error.Phone"];
        }

        if (Input.Address?.Length > 300)
        {
            Errors["Address"] = w["Units.Error.Address"];
        }
    }

    private async Task<bool> IsSelfOrBelowAsync(Guid candidate, Guid unitId, CancellationToken ct)
    {
        for (Guid? at = candidate; at is { } current; at = (await units.FindByIdAsync(current, ct))?.ParentId)
        {
            if (current == unitId)
            {
                return true;
            }
        }

        return false;
    }

    private async Task LoadParentsAsync(CancellationToken ct)
    {
        var all = new List<UnitView>();
        var root = await units.RootAsync(ct);
        all.Add(root);
        all.AddRange((await units.ChildrenAsync(root.Id, ct)).Where(u => !u.IsSchool));
        Parents = all;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex(@"^[0-9 +().-]{6,20}$")]
    private static partial Regex PhonePattern();
}

public sealed class UnitForm
{
    public string? Slug { get; set; }
    public string? NameVi { get; set; }
    public string? NameEn { get; set; }
    public UnitKind Kind { get; set; }
    public Guid? ParentId { get; set; }
    public string? Address { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
}
