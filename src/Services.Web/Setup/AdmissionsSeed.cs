using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Admissions;
using Services.Workflows.Admissions;
using Services.Workflows.Runtime;

namespace Services.Web.Setup;

/// <summary>
/// The demo city's grade-1 admission at the Bình An district office, open for registration from the day it is seeded
/// (dates relative to the clock, so the demo never starts out of date). Runs after <see cref="DemoCitySeed"/>.
/// </summary>
public sealed class AdmissionsSeed(PortalDbContext db, AdmissionCampaigns campaigns, TimeProvider clock)
{
    public const string OfficeSlug = "phong-gd-binh-an";

    public async Task RunAsync(CancellationToken ct)
    {
        var office = await db.Units.SingleAsync(u => u.Slug == OfficeSlug, ct);
        var school = await db.Units.SingleAsync(u => u.Slug == "th-nguyen-binh-khiem", ct);
        if (await db.AdmissionCampaigns.AnyAsync(c => c.UnitId == office.Id, ct))
        {
            return;
        }

        var today = new DateTimeOffset(VietnamTimeOfDay(clock.GetUtcNow()), WorkingCalendar.VietnamOffset);
        var year = today.Month >= 9 ? today.Year + 1 : today.Year;
        var campaign = new AdmissionCampaign
        {
            UnitId = office.Id, SchoolYear = $"{year}-{year + 1}", Grade = 1, MaxChoices = 3, Seed = Lottery.NewSeed(),
            DataConfirmationAt = today.AddDays(-3), RegistrationAt = today.AddDays(-1), VerificationAt = today.AddDays(14), AllocationAt = today.AddDays(21),
            ResultsAt = today.AddDays(28), ConfirmationAt = today.AddDays(29), SecondRoundAt = today.AddDays(38), ClosesAt = today.AddDays(60),
        };
        campaign.Schools.Add(new AdmissionSchool
        {
            SchoolId = school.Id, Seats = 140, Classes = 4, ZoneWards = ["Phường Đa Kao", "Phường Bình An"], LastYearApplicants = 168, LastYearSeats = 135,
        });
        campaign.PriorityGroups.Add(new AdmissionPriorityGroup { Order = 0, NameVi = "Con liệt sĩ, con thương binh", NameEn = "Children of fallen or wounded soldiers" });
        campaign.PriorityGroups.Add(new AdmissionPriorityGroup { Order = 1, NameVi = "Con hộ nghèo, cận nghèo", NameEn = "Children of poor or near-poor households" });
        await campaigns.CreateAsync(campaign, Actor.System("seed-demo"), ct);
    }

    /// <summary>08:00 in Vietnam on the current Vietnamese day.</summary>
    private static DateTime VietnamTimeOfDay(DateTimeOffset now) => now.ToOffset(WorkingCalendar.VietnamOffset).Date.AddHours(8);
}
