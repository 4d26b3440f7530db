using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Data;
using Services.Data.Identity;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Samples;

namespace Services.Tests.Integration.Security;

/// <summary>Finding 4 (S7): sessions are checked on the server, so ending one really ends it — everywhere.</summary>
public sealed class SessionTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string Staff = "canbo.nbk@demo.edu.vn";
    private const string MyNotifications = "/tai-khoan/thong-bao";
    private const string StaffQueue = "/can-bo/th-nguyen-binh-khiem";

    [Fact]
    public async Task AfterSignOutTheOldCookieAndEveryOtherSessionOfTheUserAreRefused()
    {
        await using var portal = await StartSeededAsync();
        var citizen = await Visitor.Setup.CreateCitizenAsync(portal);
        using var phone = new Visitor(portal);
        using var laptop = new Visitor(portal);
        (await phone.SignInAsync(citizen, Visitor.Setup.DemoPassword)).Dispose();
        (await laptop.SignInAsync(citizen, Visitor.Setup.DemoPassword)).Dispose();
        var stolen = phone.AuthCookie!;
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(phone, MyNotifications));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(laptop, MyNotifications));

        using (var signedOut = await phone.PostFormAsync("/tai-khoan/dang-xuat", new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        }

        using var replay = new Visitor(portal);
        replay.Cookies.Add(portal.Client.BaseAddress!, new Cookie("portal.auth", stolen));
        Assert.Equal(HttpStatusCode.Redirect, await StatusAsync(replay, MyNotifications));
        Assert.Equal(HttpStatusCode.Redirect, await StatusAsync(laptop, MyNotifications));
    }

    [Fact]
    public async Task APasswordResetEndsEverySession()
    {
        await using var portal = await StartSeededAsync();
        var citizen = await Visitor.Setup.CreateCitizenAsync(portal);
        using var browser = new Visitor(portal);
        (await browser.SignInAsync(citizen, Visitor.Setup.DemoPassword)).Dispose();
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(browser, MyNotifications));

        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByEmailAsync(citizen))!;
            var reset = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), "Mot-mat-khau-moi-2026");
            Assert.True(reset.Succeeded);
        }

        Assert.Equal(HttpStatusCode.Redirect, await StatusAsync(browser, MyNotifications));
    }

    [Fact]
    public async Task ARemovedRoleIsGoneOnTheNextRequest()
    {
        await using var portal = await StartSeededAsync();
        var key = await Visitor.Setup.EnableTwoFactorAsync(portal, Staff);
        using var staff = new Visitor(portal);
        await staff.SignInAsStaffAsync(Staff, key);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(staff, StaffQueue));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(staff, StaffQueue)); // the refreshed session keeps its second factor

        await using (var db = database.CreateContext())
        {
            var userId = await db.Users.Where(u => u.Email == Staff).Select(u => u.Id).SingleAsync();
            Assert.Equal(1, await db.UnitMemberships.Where(m => m.UserId == userId).ExecuteDeleteAsync());
        }

        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(staff, StaffQueue));
    }

    [Fact]
    public async Task AStaffSessionIdlesOutAfterThirtyMinutesButNotBefore()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString, replaceServices: s => s.AddSingleton<TimeProvider>(clock));
        await portal.SeedDemoCityAsync();
        var key = await Visitor.Setup.EnableTwoFactorAsync(portal, "canbo.leloi@demo.edu.vn");
        using var staff = new Visitor(portal);
        await staff.SignInAsStaffAsync("canbo.leloi@demo.edu.vn", key, clock.GetUtcNow());
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(staff, "/can-bo/th-le-loi"));

        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(staff, "/can-bo/th-le-loi"));

        clock.Advance(TimeSpan.FromMinutes(31));
        using var idle = await staff.GetAsync("/can-bo/th-le-loi");
        Assert.Equal(HttpStatusCode.Redirect, idle.StatusCode);
        Assert.Equal("/tai-khoan/dang-nhap", idle.Headers.Location!.AbsolutePath);
    }

    private async Task<RunningPortal> StartSeededAsync()
    {
        var portal = await RunningPortal.StartAsync(database.ConnectionString);
        await portal.SeedDemoCityAsync();
        return portal;
    }

    private static async Task<HttpStatusCode> StatusAsync(Visitor visitor, string path)
    {
        using var response = await visitor.GetAsync(path);
        return response.StatusCode;
    }
}
