using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Services.Data;
using Services.Data.Admissions;
using Services.Data.Units;
using Services.Web.Localization;
using Services.Web.Security;
using Services.Web.Units;
using Services.Workflows.Admissions;
using Services.Workflows.Runtime;

namespace Services.Web.Pages.Admissions.Admin;

/// <summary>
/// The district office's admissions campaigns: each with its phase, published seed, schools, zones and quotas, and
/// the number of applications per school; and a form to open a new campaign. Only a district office runs campaigns.
/// Counts never show placements, so the embargo holds here too.
/// </summary>
public sealed class IndexModel(PortalDbContext db, CurrentUnit current, AdmissionCampaigns campaigns, IStringLocalizer<SharedResource> t, TimeProvider clock)
    : PageModel
{
    public bool IsDistrictOffice => current.Unit.Kind == UnitKind.DistrictOffice;
    public IReadOnlyList<CampaignView> Campaigns { get; private set; } = [];
    public IReadOnlyList<Unit> Schools { get; private set; } = [];
    public Dictionary<(Guid Campaign, Guid School), int> FirstChoices { get; } = [];
    public List<string> Problems { get; } = [];

    [BindProperty]
    public CampaignInput Input { get; set; } = new();

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var today = VietnamTime.ToVietnam(clock.GetUtcNow()).Date;
        Input = CampaignInput.Default(today, Schools);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!IsDistrictOffice)
        {
            return NotFound();
        }

        var campaign = Input.ToCampaign(current.Unit.Id, Schools.Select(s => s.Id).ToHashSet(), Problems, t);
        if (campaign is not null && Campaigns.Any(c => c.Campaign.SchoolYear == campaign.SchoolYear && c.Campaign.Grade == campaign.Grade))
        {
            Problems.Add(t["Admissions.Admin.Duplicate"]);
        }

        if (campaign is null || Problems.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var actor = new Actor(User.UserId(), null, current.Unit.Id, HttpContext.Connection.RemoteIpAddress?.ToString(), User.FindFirst(PortalClaims.FullName)?.Value ?? User.Identity?.Name ?? "");
        await campaigns.CreateAsync(campaign, actor, ct);
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Campaigns = await campaigns.OfUnitAsync(current.Unit.Id, ct);
        Schools = IsDistrictOffice
            ? await db.Units.AsNoTracking().Where(u => u.ParentId == current.Unit.Id && u.Kind != UnitKind.Preschool).OrderBy(u => u.NameVi).ToListAsync(ct)
            : [];
        var ids = Campaigns.Select(c => c.Campaign.Id).ToList();
        var counts = await db.AdmissionApplications.AsNoTracking().Where(a => ids.Contains(a.CampaignId) && a.Status != AdmissionStatus.Withdrawn)
            .GroupBy(a => new { a.CampaignId, First = a.Choices[0] }).Select(g => new { g.Key.CampaignId, g.Key.First, Count = g.Count() }).ToListAsync(ct);
        foreach (var row in counts)
        {
            FirstChoices[(row.CampaignId, row.First)] = row.Count;
        }
    }

    public sealed class CampaignInput
    {
        [Required, RegularExpression(@"^\d{4}-\d{4}$")]
        public string SchoolYear { get; set; } = "";

        public int Grade { get; set; } = 1;

        [Range(1, 5)]
        public int MaxChoices { get; set; } = 3;

        /// <summary>Phase starts, as the office types them in Vietnam's time.</summary>
        public List<DateTime> Dates { get; set; } = [];

        public List<SchoolInput> Schools { get; set; } = [];

        /// <summary>One priority group per line, highest first: "Vietnamese name | English name".</summary>
        public string PriorityGroups { get; set; } = "";

        public static CampaignInput Default(DateTime today, IReadOnlyList<Unit> schools)
        {
            int[] offsets = [0, 7, 21, 28, 35, 36, 45, 60];
            return new CampaignInput
            {
                SchoolYear = $"{today.Year}-{today.Year + 1}",
                Dates = offsets.Select(d => today.AddDays(d).AddHours(8)).ToList(),
                Schools = schools.Select(s => new SchoolInput { SchoolId = s.Id }).ToList(),
            };
        }

        public AdmissionCampaign? ToCampaign(Guid unitId, IReadOnlySet<Guid> schoolsOfUnit, List<string> problems, IStringLocalizer t)
        {
            if (Grade is not (1 or 6 or 10))
            {
                problems.Add(t["Admissions.Admin.BadGrade"]);
            }

            var instants = Dates.Select(d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Unspecified), WorkingCalendar.VietnamOffset)).ToList();
            if (instants.Count != 8 || instants.Zip(instants.Skip(1)).Any(p => p.First > p.Second))
            {
                problems.Add(t["Admissions.Admin.BadDates"]);
            }

            var taking = Schools.Where(s => s.Seats > 0).ToList();
            if (taking.Count == 0 || taking.Any(s => !schoolsOfUnit.Contains(s.SchoolId) || s.Seats > 5000 || s.Classes is < 1 or > 100))
            {
                problems.Add(t["Admissions.Admin.BadSchools"]);
            }

            if (problems.Count > 0)
            {
                return null;
            }

            var campaign = new AdmissionCampaign
            {
                UnitId = unitId, SchoolYear = SchoolYear, Grade = Grade, MaxChoices = MaxChoices, Seed = Lottery.NewSeed(),
                DataConfirmationAt = instants[0], RegistrationAt = instants[1], VerificationAt = instants[2], AllocationAt = instants[3],
                ResultsAt = instants[4], ConfirmationAt = instants[5], SecondRoundAt = instants[6], ClosesAt = instants[7],
            };
            campaign.Schools.AddRange(taking.Select(s => new AdmissionSchool
            {
                SchoolId = s.SchoolId, Seats = s.Seats, Classes = s.Classes,
                ZoneWards = (s.Wards ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(50).ToList(),
            }));
            var order = 0;
            foreach (var line in PriorityGroups.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(20))
            {
                var names = line.Split('|', 2, StringSplitOptions.TrimEntries);
                var vi = names[0].Length > 200 ? names[0][..200] : names[0];
                var en = names.Length > 1 && names[1].Length > 0 ? names[1] : vi;
                campaign.PriorityGroups.Add(new AdmissionPriorityGroup { Order = order++, NameVi = vi, NameEn = en.Length > 200 ? en[..200] : en });
            }

            return campaign;
        }
    }

    public sealed class SchoolInput
    {
        public Guid SchoolId { get; set; }

        [Range(0, 5000)]
        public int Seats { get; set; }

        [Range(0, 100)]
        public int Classes { get; set; }

        [StringLength(2000)]
        public string? Wards { get; set; }
    }
}
