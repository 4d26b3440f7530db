using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Services.Data;
using Services.Data.Identity;
using Services.Data.Units;
using Services.Web.Localization;
using Services.Web.Pages.Staff;
using Services.Web.Units;
using Services.Workflows.Forms;

namespace Services.Web.Pages.Admin.PortalSetup;

/// <summary>
/// A unit's leaders as its introduction page lists them (Circular 37): its administrator adds one in the blank row,
/// edits, removes and orders them, all in one form saved at once and journaled in the unit's chain like the rest of
/// the set-up; the public pages show the change at once (the unit directory is invalidated).
/// </summary>
public sealed class LeadersModel(PortalDbContext db, CurrentUnit current, UnitDirectory units, JournaledChanges changes,
    IStringLocalizer<WorkplaceResource> w) : PageModel
{
    private const int MaxName = 120;
    private const int MaxDuties = 1000;

    [BindProperty]
    public List<LeaderForm> Leaders { get; set; } = [];

    /// <summary>Problems by field id (<c>leader-{row}-{field}</c>), in the order the form shows them.</summary>
    public Dictionary<string, string> Errors { get; } = [];

    public bool Saved { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var unitId = current.Unit.Id;
        var stored = await db.UnitLeaders.AsNoTracking().Where(l => l.UnitId == unitId).OrderBy(l => l.SortOrder).ToListAsync(ct);
        Leaders = [.. stored.Select((l, i) => LeaderForm.Of(l, i + 1)), new LeaderForm { Order = stored.Count + 1 }];
        Saved = Request.Query.ContainsKey("da-luu");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var unitId = current.Unit.Id;
        var stored = await db.UnitLeaders.Where(l => l.UnitId == unitId).ToDictionaryAsync(l => l.Id, ct);
        if (Leaders.Count > 100 || Leaders.Any(l => l.Id is { } id && !stored.ContainsKey(id)))
        {
            return BadRequest();
        }

        var kept = new List<(UnitLeader Leader, int Order, int Row)>();
        for (var row = 0; row < Leaders.Count; row++)
        {
            var form = Leaders[row];
            if (form.Remove || (form.Id is null && form.IsBlank))
            {
                continue;
            }

            if (Validate(form, row) is { } leader)
            {
                kept.Add((leader, form.Order ?? 0, row));
            }
        }

        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var order = 0;
        foreach (var (leader, _, _) in kept.OrderBy(k => k.Order).ThenBy(k => k.Row))
        {
            var target = stored.GetValueOrDefault(leader.Id);
            if (target is null)
            {
                leader.Id = Guid.CreateVersion7();
                leader.UnitId = unitId;
                db.UnitLeaders.Add(leader);
                target = leader;
            }
            else
            {
                (target.Name, target.TitleVi, target.TitleEn, target.Phone, target.Email, target.DutiesVi, target.DutiesEn) =
                    (leader.Name, leader.TitleVi, leader.TitleEn, leader.Phone, leader.Email, leader.DutiesVi, leader.DutiesEn);
            }

            target.SortOrder = order++;
        }

        var keptIds = kept.Select(k => k.Leader.Id).ToHashSet();
        db.UnitLeaders.RemoveRange(stored.Values.Where(l => !keptIds.Contains(l.Id)));
        var details = new Dictionary<string, string?>
        {
            ["unit"] = unitId.ToString(),
            ["leaders"] = string.Join("; ", kept.OrderBy(k => k.Order).ThenBy(k => k.Row).Select(k => $"{k.Leader.Name} ({k.Leader.TitleVi})")),
        };
        await changes.RunAsync(unitId, "unit.leaders-changed", details, StaffActor.For(User, HttpContext, unitId, PortalRole.UnitAdmin), async () =>
        {
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
        units.Invalidate();
        return Redirect(Url.Content($"~/quan-tri/{current.Unit.Slug}/cong-thong-tin/lanh-dao?da-luu=1"));
    }

    /// <summary>The leader as the row describes it (its stored id kept), or null with its problems in <see cref="Errors"/>.</summary>
    private UnitLeader? Validate(LeaderForm form, int row)
    {
        var count = Errors.Count;
        var name = Text(form.Name, MaxName, row, "name", "PortalSetup.Error.LeaderName", required: true);
        var titleVi = Text(form.TitleVi, MaxName, row, "title-vi", "PortalSetup.Error.LeaderTitle", required: true);
        var titleEn = Text(form.TitleEn, MaxName, row, "title-en", "PortalSetup.Error.LeaderTitle", required: false);
        var phone = form.Phone?.Trim() ?? "";
        if (phone.Length > 0 && !IndexModel.PhonePattern().IsMatch(phone))
        {
            Errors[$"leader-{row}-phone"] = w["Units.Error.Phone"];
        }

        var email = form.Email?.Trim() ?? "";
        if (email.Length > 0 && (email.Length > 200 || !IndexModel.EmailPattern().IsMatch(email)))
        {
            Errors[$"leader-{row}-email"] = w["Units.Error.Email"];
        }

        var dutiesVi = Text(form.DutiesVi, MaxDuties, row, "duties-vi", "PortalSetup.Error.LeaderDuties", required: false, allowLineBreaks: true);
        var dutiesEn = Text(form.DutiesEn, MaxDuties, row, "duties-en", "PortalSetup.Error.LeaderDuties", required: false, allowLineBreaks: true);
        if (form.Order is not (>= 1 and <= 100))
        {
            Errors[$"leader-{row}-order"] = w["PortalSetup.Error.LeaderOrder"];
        }

        return Errors.Count > count ? null : new UnitLeader
        {
            Id = form.Id ?? Guid.Empty, UnitId = current.Unit.Id, Name = name, TitleVi = titleVi, TitleEn = titleEn.Length > 0 ? titleEn : titleVi,
            Phone = phone, Email = email, DutiesVi = dutiesVi, DutiesEn = dutiesEn.Length > 0 ? dutiesEn : null,
        };
    }

    private string Text(string? input, int maxLength, int row, string field, string message, bool required, bool allowLineBreaks = false)
    {
        var (value, problem) = CleanText.Check(input, maxLength, allowLineBreaks);
        if (problem == CleanTextProblem.Empty && !required)
        {
            return "";
        }

        if (problem is not null)
        {
            Errors[$"leader-{row}-{field}"] = w[message];
        }

        return value;
    }
}

/// <summary>One row of the leaders' form; a row without an id adds a leader.</summary>
public sealed class LeaderForm
{
    public Guid? Id { get; set; }
    public string? Name { get; set; }
    public string? TitleVi { get; set; }
    public string? TitleEn { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? DutiesVi { get; set; }
    public string? DutiesEn { get; set; }
    public int? Order { get; set; }
    public bool Remove { get; set; }

    public bool IsBlank => new[] { Name, TitleVi, TitleEn, Phone, Email, DutiesVi, DutiesEn }.All(string.IsNullOrWhiteSpace);

    public static LeaderForm Of(UnitLeader leader, int order) => new()
    {
        Id = leader.Id, Name = leader.Name, TitleVi = leader.TitleVi, TitleEn = leader.TitleEn, Phone = leader.Phone, Email = leader.Email,
        DutiesVi = leader.DutiesVi, DutiesEn = leader.DutiesEn, Order = order,
    };
}
