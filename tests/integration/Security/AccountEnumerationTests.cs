using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Services.Data.Identity;
using Services.Tests.Integration.Infrastructure;
using Services.Workflows.Notifications;

namespace Services.Tests.Integration.Security;

/// <summary>
/// Finding 6 (S7): sign-in and registration do not tell who has an account — not by their words, not by their work —
/// and wrong passwords cannot lock anyone out.
/// </summary>
public sealed partial class AccountEnumerationTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task UnknownWrongPasswordUnconfirmedAndLockedGetOneIdenticalAnswerAndOwnersAreToldByMail()
    {
        var mail = new CapturedMail();
        await using var portal = await StartAsync(replaceServices: s => s.AddSingleton<IMailSender>(mail));
        await portal.SeedDemoCityAsync();
        var known = await Visitor.Setup.CreateCitizenAsync(portal);
        var unconfirmed = await Visitor.Setup.CreateCitizenAsync(portal);
        var locked = await Visitor.Setup.CreateCitizenAsync(portal);
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var u = (await users.FindByEmailAsync(unconfirmed))!;
            u.EmailConfirmed = false;
            await users.UpdateAsync(u);
            await users.SetLockoutEndDateAsync((await users.FindByEmailAsync(locked))!, DateTimeOffset.UtcNow.AddMinutes(15));
        }

        var answers = new List<string>();
        foreach (var (email, password) in new[]
                 {
                     ($"khong-ai-{Guid.NewGuid():N}@example.vn", Visitor.Setup.DemoPassword),
                     (known, "Sai-mat-khau-2026"),
                     (unconfirmed, Visitor.Setup.DemoPassword),
                     (locked, Visitor.Setup.DemoPassword),
                 })
        {
            using var visitor = new Visitor(portal);
            using var response = await visitor.SignInAsync(email, password);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("portal.auth=", StringComparison.Ordinal)));
            var html = await response.Content.ReadAsStringAsync();
            answers.Add(Comparable(html, email));
        }

        Assert.Single(answers.Distinct(StringComparer.Ordinal));
        Assert.Contains("Không đăng nhập được", answers[0], StringComparison.Ordinal);
        Assert.Single(mail.To(unconfirmed), m => m.TextBody.Contains("/tai-khoan/xac-nhan-email?userId=", StringComparison.Ordinal));
        Assert.Single(mail.To(locked), m => m.TextBody.Contains("tạm thời bị khóa", StringComparison.Ordinal));
        Assert.Empty(mail.To(known));
    }

    [Fact]
    public async Task AnUnknownAccountCostsThePasswordHashCheckAKnownOneDoes()
    {
        var hasher = new CountingHasher();
        await using var portal = await StartAsync(replaceServices: s => s.AddSingleton<IPasswordHasher<PortalUser>>(hasher));
        await portal.SeedDemoCityAsync();
        var known = await Visitor.Setup.CreateCitizenAsync(portal);
        using var visitor = new Visitor(portal);

        (await visitor.SignInAsync($"khong-ai-{Guid.NewGuid():N}@example.vn", "Sai-mat-khau-2026")).Dispose();
        var forUnknown = hasher.TakeVerifications();
        (await visitor.SignInAsync(known, "Sai-mat-khau-2026")).Dispose();
        var forKnown = hasher.TakeVerifications();

        Assert.Equal(1, forKnown);
        Assert.Equal(forKnown, forUnknown);
    }

    [Fact]
    public async Task WrongPasswordsFromOneClientThrottleThatClientButNeverLockTheOwnerOut()
    {
        await using var portal = await StartAsync(new Dictionary<string, string?> { ["Portal:TrustedProxies:0"] = "127.0.0.1" });
        await portal.SeedDemoCityAsync();
        const string staff = "quantri.nbk@demo.edu.vn";
        using var attacker = new Visitor(portal);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            using var response = await attacker.PostFormAsync("/tai-khoan/dang-nhap",
                new Dictionary<string, string> { ["Input.Email"] = staff, ["Input.Password"] = $"Doan-mat-khau-{i}" },
                decorate: r => r.Headers.Add("X-Forwarded-For", "203.0.113.66"));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 5).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2)), statuses);

        using var owner = new Visitor(portal);
        using var signedIn = await owner.PostFormAsync("/tai-khoan/dang-nhap",
            new Dictionary<string, string> { ["Input.Email"] = staff, ["Input.Password"] = Visitor.Setup.DemoPassword },
            decorate: r => r.Headers.Add("X-Forwarded-For", "198.51.100.20"));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.StartsWith("/tai-khoan/xac-thuc-hai-buoc", signedIn.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisteringAnExistingAddressAnswersExactlyLikeANewOne()
    {
        var mail = new CapturedMail();
        await using var portal = await StartAsync(replaceServices: s => s.AddSingleton<IMailSender>(mail));
        await portal.SeedDemoCityAsync();
        var existing = await Visitor.Setup.CreateCitizenAsync(portal);
        var fresh = $"moi-{Guid.NewGuid():N}@example.vn";
        var answers = new List<string>();
        foreach (var email in new[] { existing, fresh })
        {
            using var visitor = new Visitor(portal);
            using var response = await visitor.PostFormAsync("/tai-khoan/dang-ky", new Dictionary<string, string>
            {
                ["Input.FullName"] = "Lê Văn An",
                ["Input.Email"] = email,
                ["Input.Password"] = "Mat-khau-dai-2026",
                ["Input.ConfirmPassword"] = "Mat-khau-dai-2026",
            });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers.Add(Comparable(await response.Content.ReadAsStringAsync(), email));
        }

        Assert.Equal(answers[0], answers[1]);
        Assert.Single(mail.To(existing));
        Assert.Single(mail.To(fresh));
    }

    /// <summary>The page without what legitimately differs: the antiforgery token and the address the visitor typed.</summary>
    private static string Comparable(string html, string email) =>
        TokenPattern().Replace(html, "").Replace(email, "EMAIL", StringComparison.Ordinal);

    [GeneratedRegex("value=\"CfDJ8[^\"]*\"")]
    private static partial Regex TokenPattern();

    private sealed class CountingHasher : IPasswordHasher<PortalUser>
    {
        private readonly PasswordHasher<PortalUser> _inner = new();
        private int _verifications;

        public int TakeVerifications() => Interlocked.Exchange(ref _verifications, 0);

        public string HashPassword(PortalUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(PortalUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    /// <summary>The tests of this class share a database; each starts with no counted attempts.</summary>
    private async Task<RunningPortal> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? replaceServices = null)
    {
        await using (var clear = database.DataSource.CreateCommand("DELETE FROM throttle_counters"))
        {
            await clear.ExecuteNonQueryAsync();
        }

        return await RunningPortal.StartAsync(database.ConnectionString, settings, replaceServices: replaceServices);
    }
}
