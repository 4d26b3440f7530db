using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Services.Data;
using Services.Data.Content;
using Services.Data.Identity;
using Services.Data.Units;
using Services.Web.Localization;
using Services.Web.Pages.Staff;
using Services.Web.Units;

namespace Services.Web.Pages.Admin.PortalSetup;

/// <summary>
/// A unit's own portal set-up (<c>/quan-tri/{unit}/cong-thong-tin</c>), kept by its administrator so a new school is
/// brought online by its own staff: public names, contacts, the header colour from the accessible palette, the logo,
/// the link to its school management system (Circular 37 item 11) and the feed its parent's news come from. The slug,
/// kind and parent stay with the system administrators. Every change is journaled in the unit's chain.
/// </summary>
public sealed partial class IndexModel(PortalDbContext db, CurrentUnit current, UnitDirectory units, JournaledChanges changes, TimeProvider clock,
    IStringLocalizer<WorkplaceResource> w) : PageModel
{
    [BindProperty]
    public PortalSetupForm Input { get; set; } = new();

    [BindProperty]
    public IFormFile? Logo { get; set; }

    public Dictionary<string, string> Errors { get; } = [];
    public bool Saved { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var unit = current.Unit;
        var feed = await db.ParentFeeds.AsNoTracking().FirstOrDefaultAsync(f => f.UnitId == unit.Id, ct);
        Input = new PortalSetupForm
        {
            NameVi = unit.NameVi, NameEn = unit.NameEn, Address = unit.Address, Phone = unit.Phone, Email = unit.Email,
            Colour = UnitPalette.IsKnown(unit.Colour) ? unit.Colour : UnitPalette.Default, ManagementSystemUrl = unit.ManagementSystemUrl, ParentFeedUrl = feed?.Url,
        };
        Saved = Request.Query.ContainsKey("da-luu");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var logo = await ValidateAsync(ct);
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var unitId = current.Unit.Id;
        var unit = await db.Units.FirstAsync(u => u.Id == unitId, ct);
        unit.NameVi = Input.NameVi!.Trim();
        unit.NameEn = string.IsNullOrWhiteSpace(Input.NameEn) ? unit.NameVi : Input.NameEn.Trim();
        unit.Address = Input.Address?.Trim() ?? "";
        unit.Phone = Input.Phone?.Trim() ?? "";
        unit.Email = Input.Email?.Trim() ?? "";
        unit.Colour = Input.Colour;
        unit.ManagementSystemUrl = Blank(Input.ManagementSystemUrl);
        var feedUrl = Blank(Input.ParentFeedUrl);
        var feed = await db.ParentFeeds.FirstOrDefaultAsync(f => f.UnitId == unitId, ct);
        if (feed is null && feedUrl is not null)
        {
            db.ParentFeeds.Add(new ParentFeed { UnitId = unitId, Url = feedUrl });
        }
        else if (feed is not null)
        {
            feed.Url = feedUrl;
        }

        if (logo is not null)
        {
            var stored = await db.UnitLogos.FirstOrDefaultAsync(l => l.UnitId == unitId, ct);
            if (stored is null)
            {
                db.UnitLogos.Add(logo);
            }
            else
            {
                stored.ContentType = logo.ContentType;
                stored.Content = logo.Content;
            }

            unit.LogoUpdatedAt = clock.GetUtcNow();
        }

        var details = new Dictionary<string, string?>
        {
            ["unit"] = unit.Id.ToString(), ["name"] = unit.NameVi, ["address"] = unit.Address, ["phone"] = unit.Phone, ["email"] = unit.Email,
            ["colour"] = unit.Colour, ["management-system"] = unit.ManagementSystemUrl, ["parent-feed"] = feedUrl,
            ["logo"] = logo is null ? null : $"{logo.ContentType}, {logo.Content.Length} B",
        };
        await changes.RunAsync(unit.Id, "unit.portal-changed", details, StaffActor.For(User, HttpContext, unit.Id, PortalRole.UnitAdmin), async () =>
        {
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
        units.Invalidate();
        return Redirect(Url.Content($"~/quan-tri/{unit.Slug}/cong-thong-tin?da-luu=1"));
    }

    /// <summary>Records what is wrong in <see cref="Errors"/>; returns the new logo, if one was sent and is acceptable.</summary>
    private async Task<UnitLogo?> ValidateAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Input.NameVi) || Input.NameVi.Trim().Length > 200)
        {
            Errors["NameVi"] = w["Units.Error.Name"];
        }

        if (Input.NameEn?.Trim().Length > 200)
        {
            Errors["NameEn"] = w["Units.Error.Name"];
        }

        if (Input.Address?.Length > 300)
        {
            Errors["Address"] = w["Units.Error.Address"];
        }

        if (Input.Phone is { Length: > 0 } phone && !PhonePattern().IsMatch(phone.Trim()))
        {
            Errors["Phone"] = w["Units.Error.Phone"];
        }

        if (Input.Email is { Length: > 0 } email && (email.Length > 200 || !EmailPattern().IsMatch(email.Trim())))
        {
            Errors["Email"] = w["Units.Error.Email"];
        }

        if (!UnitPalette.IsKnown(Input.Colour))
        {
            Errors["Colour"] = w["PortalSetup.Error.Colour"];
        }

        foreach (var (field, value) in new[] { ("ManagementSystemUrl", Input.ManagementSystemUrl), ("ParentFeedUrl", Input.ParentFeedUrl) })
        {
            if (Blank(value) is { } url && !IsWebAddress(url))
            {
                Errors[field] = w["PortalSetup.Error.Url"];
            }
        }

        if (Logo is null)
        {
            return null;
        }

        if (Logo.Length is 0 or > LogoImage.MaxBytes)
        {
            Errors["Logo"] = w["PortalSetup.Error.Logo", LogoImage.MaxBytes / 1024, LogoImage.MaxSide];
            return null;
        }

        using var buffer = new MemoryStream((int)Logo.Length);
        await Logo.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        if (LogoImage.ContentTypeOf(bytes) is not { } type)
        {
            Errors["Logo"] = w["PortalSetup.Error.Logo", LogoImage.MaxBytes / 1024, LogoImage.MaxSide];
            return null;
        }

        return new UnitLogo { UnitId = current.Unit.Id, ContentType = type, Content = bytes };
    }

    /// <summary>An absolute http or https address of at most 500 characters, with a host.</summary>
    private static bool IsWebAddress(string url) =>
        url.Length <= 500 && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A phone number as the set-up pages accept it (the unit's and its leaders').</summary>
    [GeneratedRegex(@"^[0-9 +().-]{6,20}$")]
    internal static partial Regex PhonePattern();

    /// <summary>An e-mail address as the set-up pages accept it (the unit's and its leaders').</summary>
    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    internal static partial Regex EmailPattern();
}

public sealed class PortalSetupForm
{
    public string? NameVi { get; set; }
    public string? NameEn { get; set; }
    public string? Address { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Colour { get; set; }
    public string? ManagementSystemUrl { get; set; }
    public string? ParentFeedUrl { get; set; }
}
