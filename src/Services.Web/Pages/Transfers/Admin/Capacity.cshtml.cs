using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Identity;
using Services.Data.Transfers;
using Services.Web.Pages.Staff;
using Services.Web.Units;
using Services.Workflows.Transfers;

namespace Services.Web.Pages.Transfers.Admin;

/// <summary>
/// A school's grades as its administrator states them — classes, pupils now, places — which the school's staff see
/// when they decide on a transfer into a grade. Every change is journaled in the unit's chain (ADR 0016).
/// </summary>
public sealed class CapacityModel(PortalDbContext db, CurrentUnit current, JournaledChanges changes, TimeProvider clock) : PageModel
{
    /// <summary>No school has more than this many classes in a grade or places (a typing slip is refused, not stored).</summary>
    public const int MaxClasses = 60;
    public const int MaxPlaces = 3000;

    public IReadOnlyList<int> Grades { get; private set; } = [];
    public Dictionary<int, SchoolGradeCapacity> Rows { get; private set; } = [];

    /// <summary>Resource keys of what was wrong, by grade.</summary>
    public Dictionary<int, string> Problems { get; } = [];
    public bool Saved { get; private set; }

    /// <summary>What was typed, by field name, so a refused form shows it again.</summary>
    public Dictionary<string, string> Typed { get; } = new(StringComparer.Ordinal);

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Saved = Request.Query.ContainsKey("da-luu");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var parsed = new List<SchoolGradeCapacity>();
        foreach (var grade in Grades)
        {
            int? Read(string field, int max)
            {
                var name = $"{field}-{grade}";
                var text = Request.Form[name].ToString();
                Typed[name] = text.Length > 10 ? text[..10] : text;
                return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= max ? value : null;
            }

            var (classes, pupils, places) = (Read("lop", MaxClasses), Read("hoc-sinh", MaxPlaces), Read("chi-tieu", MaxPlaces));
            if (classes is null || pupils is null || places is null)
            {
                Problems[grade] = "Transfers.Capacity.Invalid";
                continue;
            }

            if (pupils > places)
            {
                Problems[grade] = "Transfers.Capacity.OverCapacity";
                continue;
            }

            parsed.Add(new SchoolGradeCapacity { UnitId = current.Unit.Id, Grade = grade, Classes = classes.Value, Pupils = pupils.Value, Capacity = places.Value });
        }

        if (Grades.Count == 0 || Problems.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var now = clock.GetUtcNow();
        var actor = StaffActor.For(User, HttpContext, current.Unit.Id, PortalRole.UnitAdmin);
        var details = parsed.ToDictionary(p => $"khoi-{p.Grade}", p => (string?)$"{p.Pupils}/{p.Capacity} ({p.Classes} lớp)");
        await changes.RunAsync(current.Unit.Id, "school.grade-capacity-changed", details, actor, async () =>
        {
            foreach (var row in parsed)
            {
                row.UpdatedAt = now;
                row.UpdatedBy = actor.UserId;
                if (Rows.TryGetValue(row.Grade, out var existing))
                {
                    existing.Classes = row.Classes;
                    existing.Pupils = row.Pupils;
                    existing.Capacity = row.Capacity;
                    existing.UpdatedAt = now;
                    existing.UpdatedBy = actor.UserId;
                }
                else
                {
                    db.SchoolGradeCapacities.Add(row);
                }
            }

            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
        return Redirect(Url.Content($"~/quan-tri/{current.Unit.Slug}/si-so?da-luu=1"));
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Grades = TransferRequest.GradesOf(current.Unit.Kind);
        Rows = await db.SchoolGradeCapacities.Where(c => c.UnitId == current.Unit.Id).ToDictionaryAsync(c => c.Grade, ct);
    }
}
