using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Services.Data;
using Services.Data.GenericForms;
using Services.Tests.E2e.Infrastructure;
using Services.Web.Setup;
using Services.Web.Units;
using Services.Workflows.Dossiers;
using Services.Workflows.GenericForms;
using Services.Workflows.Runtime;
using static Microsoft.Playwright.Assertions;

namespace Services.Tests.E2e.Workplace;

/// <summary>
/// The staff workplace in Chromium at phone and desktop size: a clerk who signs in from the public home lands on the
/// desk, finds a dossier by the parent's name and claims it with a button within reach on a phone; the system
/// administrator's home, accounts and units pages (with a failed submit) pass axe-core and never scroll sideways.
/// </summary>
public sealed class WorkplaceDeskTests(InProcessPortal portal) : IClassFixture<InProcessPortal>
{
    private const string School = "th-nguyen-binh-khiem";

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 900)]
    public async Task AClerkLandsOnTheDeskFindsTheDossierByNameAndClaimsIt(int width, int height)
    {
        await SeedAsync();
        var parent = $"Phan Thị Ánh {width}";
        var code = await SubmitAsync(parent);
        var clerk = await StaffAccounts.CreateAsync(portal.ConnectionString, School, "Staff", "Trần Thị Một Cửa");
        var page = await portal.NewPageAsync(width, height);

        // Signed in from the public home page, a clerk still lands on their desk (one unit: straight to it).
        await StaffAccounts.SignInAsync(page, clerk, "/");
        await page.WaitForURLAsync($"**/can-bo/{School}");
        await Expect(page.Locator("#back-to-portal")).ToBeVisibleAsync();
        await Axe.AssertNoViolationsAsync(page);
        await page.GetByLabel("Tìm theo mã hồ sơ, tên hoặc số điện thoại người nộp").FillAsync(parent);
        await page.GetByRole(AriaRole.Button, new() { Name = "Tìm", Exact = true }).ClickAsync();
        await Expect(page.Locator("#count-cho-tiep-nhan")).ToHaveTextAsync("1");
        var claim = page.GetByRole(AriaRole.Button, new() { Name = $"Nhận xử lý {code}" });
        await Expect(claim).ToBeVisibleAsync();
        var box = await claim.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= width, $"'Nhận xử lý' is off-screen at {width}px (x={box.X}, width={box.Width}).");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The desk scrolls sideways.");
        await Expect(page.Locator("td .due-ok, td .due-soon").First).ToContainTextAsync("còn");
        await Axe.AssertNoViolationsAsync(page);

        await claim.ClickAsync();
        await Expect(page.Locator("#desk-message")).ToHaveTextAsync("Đã nhận xử lý 1 hồ sơ.");
        await Expect(page.Locator("#count-dang-xu-ly")).Not.ToHaveTextAsync("0");
        await page.GetByRole(AriaRole.Link, new() { Name = "Đang xử lý" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = code, Exact = true }).ClickAsync();
        await page.WaitForURLAsync($"**/ho-so/{code}");
        await Expect(page.Locator("#history")).ToContainTextAsync("Nhận xử lý hồ sơ.");
        await Axe.AssertNoViolationsAsync(page);

        await page.GotoAsync($"/can-bo/{School}/danh-sach-trong-ngay");
        await Expect(page.Locator("#daily-list")).ToContainTextAsync(code);
        await Axe.AssertNoViolationsAsync(page);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 900)]
    public async Task TheSystemAdminsPagesPassAxeIncludingAFailedSubmit(int width, int height)
    {
        await SeedAsync();
        var admin = await StaffAccounts.CreateAsync(portal.ConnectionString, "so-gd-dt", "SystemAdmin", "Ngô Quản Trị");
        var page = await portal.NewPageAsync(width, height);
        await StaffAccounts.SignInAsync(page, admin, "/can-bo");
        foreach (var path in new[] { "/can-bo", "/quan-tri/tai-khoan", "/quan-tri/don-vi", "/quan-tri/don-vi/sua" })
        {
            Assert.Equal(200, (await page.GotoAsync(path))!.Status);
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{path} scrolls sideways.");
            await Axe.AssertNoViolationsAsync(page);
        }

        // A failed submit: the errors are listed, each field says what is wrong, and the page stays accessible.
        await page.GetByLabel("Địa chỉ cổng (đường dẫn)").FillAsync("Trường Mới");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu" }).ClickAsync();
        await Expect(page.Locator("#error-summary")).ToContainTextAsync("chỉ gồm chữ thường không dấu");
        await Axe.AssertNoViolationsAsync(page);

        // Corrected, the school is added under its district office and has its portal at its slug at once.
        var slug = $"th-moi-{width}-{Guid.NewGuid():N}"[..20];
        Guid office;
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            office = (await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Units.SingleAsync(u => u.Slug == "phong-gd-binh-an")).Id;
        }

        await page.GetByLabel("Địa chỉ cổng (đường dẫn)").FillAsync(slug);
        await page.GetByLabel("Tên đơn vị (tiếng Việt)").FillAsync("Trường Tiểu học Hòa Bình Mới");
        await page.Locator("#Input_Kind").SelectOptionAsync("PrimarySchool");
        await page.Locator("#Input_ParentId").SelectOptionAsync(office.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu" }).ClickAsync();
        await Expect(page.Locator("#error-summary")).ToHaveCountAsync(0);
        Assert.Equal(200, (await page.GotoAsync($"/{slug}"))!.Status);
        await Expect(page.Locator("main h1")).ToContainTextAsync("Trường Tiểu học Hòa Bình Mới");

        await page.GotoAsync("/quan-tri/tai-khoan");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tạo tài khoản và gửi thư mời" }).ClickAsync();
        await Expect(page.Locator("#error-summary")).ToContainTextAsync("Vui lòng nhập họ và tên");
        await Axe.AssertNoViolationsAsync(page);
        await page.Context.CloseAsync();
    }

    private async Task SeedAsync()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoCitySeed>().RunAsync(CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<OnlineFormSeed>().RunAsync(CancellationToken.None);
        scope.ServiceProvider.GetRequiredService<UnitDirectory>().Invalidate();
    }

    private async Task<string> SubmitAsync(string name)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var unit = await db.Units.SingleAsync(u => u.Slug == School);
        var form = await db.OnlineForms.AsNoTracking().SingleAsync(f => f.UnitId == unit.Id && f.Slug == OnlineFormSeed.LeaveOfAbsence);
        var draft = new DossierDraft
        {
            Id = Guid.CreateVersion7(), FormId = form.Id, TokenHash = [],
            Data = new Dictionary<string, string>
            {
                [FormJourney.ApplicantName] = name,
                [FormJourney.ApplicantDateOfBirth] = "1988-04-12",
                [FormJourney.ApplicantPhone] = "0903123456",
            },
        };
        var application = scope.ServiceProvider.GetRequiredService<GenericFormService>()
            .Application(form, draft, unit.NameVi, "https://example.test/tra-cuu-ho-so", new Actor(null, null, null, "127.0.0.1", name));
        return (await scope.ServiceProvider.GetRequiredService<DossierSubmission>().SubmitAsync(application, CancellationToken.None)).TrackingCode;
    }
}
