using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Data;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Integration.Security;
using Services.Web.Setup;

namespace Services.Tests.Integration.Admissions;

/// <summary>The families' preview and the district office's campaign page, over HTTP against the running portal.</summary>
public sealed class AdmissionPagesTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task The_preview_shows_the_zone_school_and_the_childs_group()
    {
        await using var portal = await StartSeededAsync();
        using var visitor = new Visitor(portal);

        using var inZone = await visitor.GetAsync($"/phong-gd-binh-an/dich-vu/tuyen-sinh?phuong={Uri.EscapeDataString("Phường Đa Kao")}&cu-tru=Permanent");
        Assert.Equal(HttpStatusCode.OK, inZone.StatusCode);
        Assert.True(inZone.Headers.CacheControl?.NoStore);
        var html = await inZone.Content.ReadAsStringAsync();
        Assert.Contains("Trường Tiểu học Nguyễn Bỉnh Khiêm", html, StringComparison.Ordinal);
        Assert.Contains("Đúng tuyến", html, StringComparison.Ordinal);
        Assert.Contains("Nhóm A", html, StringComparison.Ordinal);

        // Out of zone with a temporary residence: after the three in-zone groups and the permanent out-of-zone one.
        using var outOfZone = await visitor.GetAsync("/en/th-nguyen-binh-khiem/dich-vu/tuyen-sinh?phuong=-&cu-tru=Current");
        var english = await outOfZone.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, outOfZone.StatusCode);
        Assert.Contains("Group E", english, StringComparison.Ordinal);
        Assert.DoesNotContain("Zone school</span>", english, StringComparison.Ordinal);

        using var noCampaign = await visitor.GetAsync("/th-le-loi/dich-vu/tuyen-sinh");
        Assert.Equal(HttpStatusCode.NotFound, noCampaign.StatusCode);
    }

    [Fact]
    public async Task The_district_office_opens_a_campaign_started_on_its_workflow()
    {
        // Its own database: the campaign it opens (a newer school year) becomes the office's campaign on the public pages,
        // which the other tests of this class read from the shared one.
        var own = new TestDatabase();
        await own.InitializeAsync();
        try
        {
            await using var portal = await StartSeededAsync(own.ConnectionString);
            using var admin = await StaffAsync(portal, "quantri.binhan@demo.edu.vn");
            Guid schoolId;
            await using (var scope = portal.Services.CreateAsyncScope())
            {
                schoolId = (await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Units.SingleAsync(u => u.Slug == "thcs-tran-hung-dao")).Id;
            }

            const string page = "/quan-tri/phong-gd-binh-an/tuyen-sinh";
            var fields = new Dictionary<string, string>
            {
                ["Input.SchoolYear"] = "2099-2100", ["Input.Grade"] = "6", ["Input.MaxChoices"] = "2",
                ["Input.Schools[0].SchoolId"] = schoolId.ToString(), ["Input.Schools[0].Seats"] = "90", ["Input.Schools[0].Classes"] = "2",
                ["Input.Schools[0].Wards"] = "Phường Cầu Kho, Phường Bình An",
                ["Input.PriorityGroups"] = "Con liệt sĩ | Child of a fallen soldier",
            };
            for (var i = 0; i < 8; i++)
            {
                fields[$"Input.Dates[{i}]"] = $"2099-03-{i + 1:00}T08:00";
            }

            // Dates out of order are refused, and nothing is created.
            var wrong = new Dictionary<string, string>(fields) { ["Input.Dates[7]"] = "2099-01-01T08:00" };
            using (var refused = await admin.PostFormAsync(page, wrong, page + "?handler=Create"))
            {
                Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            }

            using (var created = await admin.PostFormAsync(page, fields, page + "?handler=Create"))
            {
                Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
            }

            await using (var scope = portal.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
                var campaign = await db.AdmissionCampaigns.Include(c => c.Schools).Include(c => c.PriorityGroups).SingleAsync(c => c.SchoolYear == "2099-2100");
                Assert.Equal((6, 2), (campaign.Grade, campaign.MaxChoices));
                Assert.Equal(["Phường Cầu Kho", "Phường Bình An"], Assert.Single(campaign.Schools).ZoneWards);
                Assert.Equal("Child of a fallen soldier", Assert.Single(campaign.PriorityGroups).NameEn);
                Assert.Equal(new DateTimeOffset(2099, 3, 1, 1, 0, 0, TimeSpan.Zero), campaign.DataConfirmationAt);
                Assert.Equal(32, campaign.Seed.Length);
                var instance = await db.WorkflowInstances.SingleAsync(i => i.Id == campaign.WorkflowInstanceId);
                Assert.Equal("announced", instance.CurrentStep);
            }

            var html = await admin.Http.GetStringAsync(new Uri(page, UriKind.Relative));
            Assert.Contains("Tuyển sinh lớp 6 năm học 2099-2100", html, StringComparison.Ordinal);

            // A school's admin may open the page of the school, which runs no campaign.
            using var schoolAdmin = await StaffAsync(portal, "quantri.nbk@demo.edu.vn");
            var schoolPage = await schoolAdmin.Http.GetStringAsync(new Uri("/quan-tri/th-nguyen-binh-khiem/tuyen-sinh", UriKind.Relative));
            Assert.Contains("do Phòng Giáo dục và Đào tạo lập", schoolPage, StringComparison.Ordinal);
            Assert.DoesNotContain("2099-2100", schoolPage, StringComparison.Ordinal);
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_signed_in_parents_application_starts_with_the_accounts_name_and_email()
    {
        await using var portal = await StartSeededAsync();
        var parent = await Visitor.Setup.CreateCitizenAsync(portal);
        using var signedIn = new Visitor(portal);
        (await signedIn.SignInAsync(parent, Visitor.Setup.DemoPassword)).Dispose();
        using var anonymous = new Visitor(portal);
        const string apply = "/phong-gd-binh-an/dich-vu/tuyen-sinh/dang-ky";

        // The admission form asks for the parent under its own keys; the account's answers land exactly there.
        var filled = WebUtility.HtmlDecode(await signedIn.Http.GetStringAsync(new Uri(apply, UriKind.Relative)));
        Assert.Contains("name=\"a.cha-me-ho-ten\" value=\"Trần Thị Bình\"", filled, StringComparison.Ordinal);
        Assert.Contains($"name=\"a.cha-me-email\" value=\"{parent}\"", filled, StringComparison.Ordinal);
        // The child's name is the family's to type.
        Assert.Contains("name=\"a.hoc-sinh-ho-ten\"", filled, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"a.hoc-sinh-ho-ten\" value=", filled, StringComparison.Ordinal);

        var empty = WebUtility.HtmlDecode(await anonymous.Http.GetStringAsync(new Uri(apply, UriKind.Relative)));
        Assert.DoesNotContain("Trần Thị Bình", empty, StringComparison.Ordinal);
    }

    private async Task<RunningPortal> StartSeededAsync(string? connectionString = null)
    {
        var portal = await RunningPortal.StartAsync(connectionString ?? database.ConnectionString);
        await portal.SeedDemoCityAsync();
        await using var scope = portal.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AdmissionsSeed>().RunAsync(CancellationToken.None);
        return portal;
    }

    private static async Task<Visitor> StaffAsync(RunningPortal portal, string email)
    {
        var key = await Visitor.Setup.EnableTwoFactorAsync(portal, email);
        var visitor = new Visitor(portal);
        await visitor.SignInAsStaffAsync(email, key);
        return visitor;
    }
}
