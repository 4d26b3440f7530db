using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;
using Services.Tests.E2e.Infrastructure;
using Services.Tests.Samples;
using Services.Workflows.Runtime;
using static Microsoft.Playwright.Assertions;

namespace Services.Tests.E2e.Admin;

/// <summary>
/// The operations console, driven in Chromium against the portal hosted with a sample workflow whose external call
/// fails: the incident appears, is retried and disappears; the page passes axe-core at phone and desktop size; an
/// admin of another school never sees it nor acts on it.
/// </summary>
public sealed class OperationsConsoleTests(InProcessPortal portal) : IClassFixture<InProcessPortal>
{
    private const string School = "th-nguyen-binh-khiem";
    private const string OtherSchool = "th-le-loi";

    [Fact]
    public async Task AnIncidentAppearsIsRetriedAndDisappears()
    {
        var (instanceId, code) = await StartFailingDossierAsync();
        var admin = await StaffAccounts.CreateAsync(portal.ConnectionString, School, "UnitAdmin", "Quản trị vận hành");
        var page = await portal.NewPageAsync(1280, 800);
        await StaffAccounts.SignInAsync(page, admin, "/can-bo");

        // The staff home links the unit's console for its admins.
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Bảng điều hành vận hành của đơn vị" }).ClickAsync();
        await page.WaitForURLAsync($"**/quan-tri/{School}/van-hanh");
        var card = page.Locator($".ops-incident[data-correlation='{code}']");
        await Expect(card).ToBeVisibleAsync();
        await Expect(card).ToContainTextAsync("call-registry");
        await Axe.AssertNoViolationsAsync(page);

        await card.GetByRole(AriaRole.Button, new() { Name = $"Thử lại {code}" }).ClickAsync();
        await Expect(page.Locator("#ops-notice")).ToHaveTextAsync("Đã cho chạy lại bước bị lỗi; sự cố đã được đóng.");
        await Expect(page.Locator($".ops-incident[data-correlation='{code}']")).ToHaveCountAsync(0);
        await Axe.AssertNoViolationsAsync(page);

        // The retried step really ran again and the dossier went on to its end.
        var instances = portal.Services.GetRequiredService<InstanceQueries>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await instances.GetAsync(instanceId))!.Summary.Status != Services.Data.Workflows.WorkflowStatus.Completed)
        {
            Assert.True(DateTime.UtcNow < deadline, "The retried instance did not complete within 30 s.");
            await Task.Delay(200);
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheSystemAdminSeesTheCityOnAPhoneAndAnotherSchoolsAdminSeesNothingOfIt()
    {
        var (_, code) = await StartFailingDossierAsync();

        var system = await StaffAccounts.CreateAsync(portal.ConnectionString, "so-gd-dt", "SystemAdmin", "Quản trị hệ thống");
        var phone = await portal.NewPageAsync(390, 844);
        await StaffAccounts.SignInAsync(phone, system, "/can-bo");
        await phone.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Bảng điều hành vận hành toàn thành phố" }).ClickAsync();
        await phone.WaitForURLAsync("**/quan-tri/van-hanh");
        await Expect(phone.Locator($".ops-incident[data-correlation='{code}']")).ToBeVisibleAsync();
        await Expect(phone.GetByText("Toàn thành phố", new() { Exact = true })).ToBeVisibleAsync();
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "The console scrolls sideways on a phone.");
        await Axe.AssertNoViolationsAsync(phone);

        var other = await StaffAccounts.CreateAsync(portal.ConnectionString, OtherSchool, "UnitAdmin", "Quản trị trường khác");
        var page = await portal.NewPageAsync(1280, 800);
        await StaffAccounts.SignInAsync(page, other, $"/quan-tri/{OtherSchool}/van-hanh");
        await Expect(page.Locator("h1")).ToContainTextAsync("Bảng điều hành vận hành");
        await Expect(page.GetByText(code)).ToHaveCountAsync(0);
        await Expect(page.Locator(".ops-incident")).ToHaveCountAsync(0);

        // Neither the school's console nor the city's opens for them.
        Assert.Equal(403, (await page.GotoAsync($"/quan-tri/{School}/van-hanh"))!.Status);
        Assert.Equal(403, (await page.GotoAsync("/quan-tri/van-hanh"))!.Status);

        // A forged retry of the school's incident through their own console changes nothing and says so.
        await page.GotoAsync($"/quan-tri/{OtherSchool}/van-hanh");
        var token = await page.Locator("input[name=__RequestVerificationToken]").First.InputValueAsync();
        var incidentId = await OpenIncidentOfAsync(code) ?? throw new InvalidOperationException("The incident is gone.");
        var forged = await page.APIRequest.PostAsync($"/quan-tri/{OtherSchool}/van-hanh?handler=RetryIncident", new()
        {
            Form = page.APIRequest.CreateFormData().Set("id", incidentId.ToString()).Set("__RequestVerificationToken", token),
            MaxRedirects = 0,
        });
        Assert.Equal(302, forged.Status);
        await page.GotoAsync($"/quan-tri/{OtherSchool}/van-hanh");
        await Expect(page.Locator("#ops-notice")).ToContainTextAsync("không thuộc đơn vị của quý vị");
        Assert.Equal(incidentId, await OpenIncidentOfAsync(code));

        await phone.Context.CloseAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>Starts the sample workflow in the school; its external call fails once, which parks it as an incident.</summary>
    private async Task<(Guid InstanceId, string Code)> StartFailingDossierAsync()
    {
        portal.Services.GetRequiredService<FlakyDependency>().FailuresLeft = 1;
        var code = $"HS-{Guid.NewGuid():N}"[..14].ToUpperInvariant();
        Guid unitId;
        await using (var connection = new NpgsqlConnection(portal.ConnectionString))
        {
            await connection.OpenAsync();
            await using var find = new NpgsqlCommand("SELECT id FROM units WHERE slug = $1", connection) { Parameters = { new() { Value = School } } };
            unitId = (Guid)(await find.ExecuteScalarAsync())!;
        }

        var started = await portal.Services.GetRequiredService<WorkflowRuntime>()
            .StartAsync(SampleFlakyWorkflow.DefinitionName, unitId, code, null, Actor.System("e2e"));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await OpenIncidentOfAsync(code) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "The failing step was not parked as an incident within 30 s.");
            await Task.Delay(200);
        }

        return (started.InstanceId, code);
    }

    private async Task<Guid?> OpenIncidentOfAsync(string code)
    {
        await using var connection = new NpgsqlConnection(portal.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT i.id FROM workflow_incidents i JOIN workflow_instances w ON w.id = i.instance_id WHERE w.correlation = $1 AND i.status = 'Open'", connection)
        {
            Parameters = { new() { Value = code } },
        };
        return await command.ExecuteScalarAsync() as Guid?;
    }
}
