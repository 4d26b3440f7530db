using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Data;
using Services.Data.Admissions;
using Services.Data.Identity;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Integration.Security;
using Services.Web.Setup;
using Services.Workflows.Admissions;
using Services.Workflows.Dossiers;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Admissions;

/// <summary>
/// A family applies through the page (the shared dossier pipeline underneath), gets a tracking code and the receipt,
/// cannot apply twice for the same child; the school's staff verify in the desk's worklist, and the draw takes the
/// verified application.
/// </summary>
public sealed partial class AdmissionApplicationTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string Page = "/phong-gd-binh-an/dich-vu/tuyen-sinh/dang-ky";

    [Fact]
    public async Task A_family_applies_once_per_child_and_staff_verification_feeds_the_draw()
    {
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString);
        await portal.SeedDemoCityAsync();
        Guid campaignId;
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AdmissionsSeed>().RunAsync(CancellationToken.None);
            campaignId = (await scope.ServiceProvider.GetRequiredService<PortalDbContext>().AdmissionCampaigns.SingleAsync()).Id;
        }

        // The seeded campaign opened registration the day before it was seeded: its timers move it there.
        await WaitForPhaseAsync(portal, campaignId, AdmissionCampaignWorkflow.Phases.Registration);
        Guid schoolId;
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            schoolId = (await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Units.SingleAsync(u => u.Slug == "th-nguyen-binh-khiem")).Id;
        }

        using var family = new Visitor(portal);
        var form = await family.Http.GetStringAsync(new Uri(Page, UriKind.Relative));
        var key = KeyPattern().Match(form).Groups[1].Value;
        Assert.NotEmpty(key);

        var badId = Answers(key, schoolId, "07921800012");
        using (var refused = await family.PostFormAsync(Page, badId))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains("phải gồm đúng 12 chữ số", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        string code;
        using (var submitted = await family.PostFormAsync(Page, Answers(key, schoolId, "079218000777")))
        {
            Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
            code = CodePattern().Match(await submitted.Content.ReadAsStringAsync()).Groups[1].Value;
            Assert.NotEmpty(code);
        }

        // The same page again (a double click): the same dossier. Another page for the same child: refused.
        using (var again = await family.PostFormAsync(Page, Answers(key, schoolId, "079218000777")))
        {
            Assert.Equal(code, CodePattern().Match(await again.Content.ReadAsStringAsync()).Groups[1].Value);
        }

        using (var second = await family.PostFormAsync(Page, Answers(Guid.NewGuid().ToString(), schoolId, "079218000777")))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
            Assert.Contains("đã có hồ sơ trong đợt tuyển sinh", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var receipt = await family.PostFormAsync(Page, new Dictionary<string, string> { ["khoa"] = key }, Page + "?handler=Receipt"))
        {
            Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);
            Assert.Equal("application/pdf", receipt.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(await receipt.Content.ReadAsByteArrayAsync())[..4], StringComparison.Ordinal);
        }

        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var application = await db.AdmissionApplications.AsNoTracking().SingleAsync(a => a.CampaignId == campaignId);
            Assert.Equal((AdmissionStatus.Submitted, "079218000777", "Phường Đa Kao"), (application.Status, application.PersonalId, application.Ward));
            Assert.Equal([schoolId], application.Choices);

            // Staff of the first-choice school find it in their worklist, filtered by the service, and verify it.
            var entry = Assert.Single((await scope.ServiceProvider.GetRequiredService<DeskQueries>().ListAsync(
                new DeskQuery(schoolId, [PortalRole.Staff]) { ServiceSlug = AdmissionService.Slug }, CancellationToken.None)).Rows);
            Assert.Equal(code, entry.TrackingCode);
            var staff = await db.UnitMemberships.FirstAsync(m => m.UnitId == schoolId && m.Role == PortalRole.Staff);
            await portal.Services.GetRequiredService<TaskService>().DecideAsync(entry.Task!.Id, AdmissionApplicationWorkflow.Events.AcceptDocuments, null,
                new Actor(staff.UserId, PortalRole.Staff, schoolId, "127.0.0.1", "Cán bộ"));

            await scope.ServiceProvider.GetRequiredService<AdmissionAllocation>().AllocateAsync(campaignId, CancellationToken.None);
            var drawn = await db.AdmissionApplications.AsNoTracking().SingleAsync(a => a.CampaignId == campaignId);
            Assert.Equal((AdmissionStatus.Placed, schoolId, 1), (drawn.Status, drawn.PlacedSchoolId!.Value, drawn.PlacedChoice!.Value));
        }

        // Drawn, but the campaign has not reached its results: the school's export shows the applicant without the draw.
        var key2 = await Visitor.Setup.EnableTwoFactorAsync(portal, "canbo.nbk@demo.edu.vn");
        using var staffVisitor = new Visitor(portal);
        await staffVisitor.SignInAsStaffAsync("canbo.nbk@demo.edu.vn", key2);
        using var csv = await staffVisitor.GetAsync("/can-bo/th-nguyen-binh-khiem/tuyen-sinh?handler=Csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var row = Assert.Single(lines, l => l.Contains(code, StringComparison.Ordinal));
        Assert.EndsWith(",1,,", row.TrimEnd('\r'), StringComparison.Ordinal);
        Assert.DoesNotContain("Placed", row, StringComparison.Ordinal);
    }

    private static async Task WaitForPhaseAsync(RunningPortal portal, Guid campaignId, string phase)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            await using var scope = portal.Services.CreateAsyncScope();
            if ((await scope.ServiceProvider.GetRequiredService<AdmissionCampaigns>().FindAsync(campaignId, default))!.Phase == phase)
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"The campaign never reached {phase}.");
    }

    private static Dictionary<string, string> Answers(string key, Guid schoolId, string personalId) => new()
    {
        ["khoa"] = key,
        ["a." + AdmissionRequest.ChildNameKey] = "Trần Minh Khôi",
        ["a." + AdmissionRequest.ChildDateOfBirthKey] = "2021-05-04",
        ["a." + AdmissionRequest.ChildSexKey] = "nam",
        ["a." + AdmissionRequest.PersonalIdKey] = personalId,
        ["a." + AdmissionRequest.PlaceOfBirthKey] = "Bệnh viện Từ Dũ",
        ["a." + AdmissionRequest.ParentNameKey] = "Trần Văn Hải",
        ["a." + AdmissionRequest.ParentDateOfBirthKey] = "1988-02-03",
        ["a." + AdmissionRequest.ParentPhoneKey] = "0903123456",
        ["a." + AdmissionRequest.ResidenceKey] = "Permanent",
        ["a." + AdmissionRequest.AddressKey] = "12 Đinh Tiên Hoàng",
        ["a." + AdmissionRequest.WardKey] = "Phường Đa Kao",
        ["a." + AdmissionRequest.ChoiceKeyPrefix + "1"] = schoolId.ToString(),
        ["a." + AdmissionRequest.DeclarationKey] = "true",
    };

    [GeneratedRegex("name=\"khoa\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("id=\"tracking-code\">([^<]+)<")]
    private static partial Regex CodePattern();
}
