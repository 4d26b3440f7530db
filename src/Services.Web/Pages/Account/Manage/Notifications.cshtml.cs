using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Identity;
using Services.Data.Workflows;
using Services.Web.Security;
using Services.Web.Units;
using Services.Workflows.Dossiers;

namespace Services.Web.Pages.Account.Manage;

/// <summary>
/// The in-app messages under the bell; opening the page marks them read. A message about a dossier links to it: staff
/// of the dossier's unit to its page on the desk, the applicant to their dossiers.
/// </summary>
public sealed partial class NotificationsModel(PortalDbContext db, UnitDirectory units, TimeProvider clock) : PageModel
{
    public IReadOnlyList<(Notification Item, string? Link)> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = User.UserId();
        var items = await db.Notifications.AsNoTracking().Where(n => n.UserId == me).OrderByDescending(n => n.CreatedAt).Take(100).ToListAsync(ct);
        var codes = items.Select(n => CodeIn(n.Title)).OfType<string>().Distinct().ToList();
        var dossiers = await db.Dossiers.AsNoTracking().Where(d => codes.Contains(d.TrackingCode))
            .Select(d => new { d.TrackingCode, d.UnitId, d.ApplicantUserId }).ToDictionaryAsync(d => d.TrackingCode, ct);
        var rows = new List<(Notification, string?)>();
        foreach (var item in items)
        {
            string? link = null;
            if (CodeIn(item.Title) is { } code && dossiers.TryGetValue(code, out var dossier))
            {
                if (User.HasRoleIn(dossier.UnitId, [PortalRole.Staff, PortalRole.UnitAdmin, PortalRole.DistrictOfficer])
                    && await units.FindByIdAsync(dossier.UnitId, ct) is { } unit)
                {
                    link = Url.Content($"~/can-bo/{unit.Slug}/ho-so/{code}");
                }
                else if (dossier.ApplicantUserId == me)
                {
                    link = Url.Content("~/tai-khoan/ho-so-cua-toi");
                }
            }

            rows.Add((item, link));
        }

        Items = rows;
    }

    public async Task<IActionResult> OnPostReadAsync(CancellationToken ct)
    {
        var me = User.UserId();
        var now = clock.GetUtcNow();
        await db.Notifications.Where(n => n.UserId == me && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        return RedirectToPage();
    }

    /// <summary>The tracking code a message's title names, if any (the templates put it there).</summary>
    private static string? CodeIn(string title) =>
        CodePattern().Matches(title).Select(m => TrackingCode.Normalize(m.Value)).FirstOrDefault(c => c is not null);

    [GeneratedRegex(@"[A-Z]{1,4}-[0-9A-Z-]{4,}")]
    private static partial Regex CodePattern();
}
