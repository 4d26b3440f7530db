using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Services.Data.Identity;
using Services.Tests.Integration.Infrastructure;
using Services.Web.Security;

namespace Services.Tests.Integration.Security;

/// <summary>One browser's worth of state against a running portal: its cookies, and forms posted with their antiforgery token.</summary>
public sealed partial class Visitor(RunningPortal portal) : IDisposable
{
    private readonly CookieContainer _cookies = new();
    private HttpClient? _http;

    public HttpClient Http => _http ??= new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = _cookies })
    {
        BaseAddress = portal.Client.BaseAddress,
    };

    public CookieContainer Cookies => _cookies;

    /// <summary>The value of the sign-in cookie, to replay it from another client after this one signs out.</summary>
    public string? AuthCookie => _cookies.GetCookies(Http.BaseAddress!).FirstOrDefault(c => c.Name == "portal.auth")?.Value;

    public Task<HttpResponseMessage> GetAsync(string path) => Http.GetAsync(new Uri(path, UriKind.Relative));

    /// <summary>Loads <paramref name="formPage"/> for its antiforgery token, then posts the fields to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, IReadOnlyDictionary<string, string> fields, string? action = null,
        Action<HttpRequestMessage>? decorate = null)
    {
        var page = await Http.GetStringAsync(new Uri(formPage, UriKind.Relative));
        var token = TokenPattern().Match(page).Groups[1].Value;
        Assert.NotEmpty(token);
        var values = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(action ?? formPage, UriKind.Relative)) { Content = new FormUrlEncodedContent(values) };
        decorate?.Invoke(request);
        return await Http.SendAsync(request);
    }

    /// <summary>A valid antiforgery token for this visitor: from the sign-out form of the layout when signed in, else the sign-in form.</summary>
    public async Task<string> AntiforgeryTokenAsync()
    {
        foreach (var page in new[] { "/", "/tai-khoan/dang-nhap" })
        {
            var token = TokenPattern().Match(await Http.GetStringAsync(new Uri(page, UriKind.Relative))).Groups[1].Value;
            if (token.Length > 0)
            {
                return token;
            }
        }

        throw new InvalidOperationException("No page offered an antiforgery token.");
    }

    public Task<HttpResponseMessage> SignInAsync(string email, string password) =>
        PostFormAsync("/tai-khoan/dang-nhap", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    /// <summary>Password, then the authenticator code: a staff session with <c>amr=mfa</c>.</summary>
    public async Task SignInAsStaffAsync(string email, string totpKey, DateTimeOffset? codeTime = null)
    {
        using (var first = await SignInAsync(email, Setup.DemoPassword))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
            Assert.StartsWith("/tai-khoan/xac-thuc-hai-buoc", first.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        var code = codeTime is { } at ? Totp.Code(totpKey, at) : Totp.Code(totpKey, await Setup.UnusedStepAsync(portal, email));
        using var second = await PostFormAsync("/tai-khoan/xac-thuc-hai-buoc", new Dictionary<string, string> { ["Input.Code"] = code });
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
    }

    public void Dispose() => _http?.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    /// <summary>The seeded demo accounts' shared password, and switching on a staff member's second factor directly.</summary>
    public static class Setup
    {
        public const string DemoPassword = Services.Web.Setup.DemoCitySeed.DemoPassword;

        /// <summary>A confirmed citizen account of its own, so tests sharing a database do not disturb each other.</summary>
        public static async Task<string> CreateCitizenAsync(RunningPortal portal)
        {
            await using var scope = portal.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var email = $"citizen-{Guid.NewGuid():N}@example.vn";
            var created = await users.CreateAsync(
                new PortalUser { Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true, FullName = "Trần Thị Bình", CreatedAt = DateTimeOffset.UtcNow },
                DemoPassword);
            Assert.True(created.Succeeded, string.Join(", ", created.Errors.Select(e => e.Code)));
            return email;
        }

        /// <summary>
        /// The step of a code the portal will take: each step is used once per user (S7), and tests sharing a database
        /// sign the same account in more than once within 30 s; the next step is still accepted (one step of drift).
        /// </summary>
        public static async Task<long> UnusedStepAsync(RunningPortal portal, string email)
        {
            await using var scope = portal.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No demo account {email}.");
            var now = Totp.Step(DateTimeOffset.UtcNow);
            var last = await users.GetAuthenticationTokenAsync(user, "[PortalTotp]", "LastUsedStep") is { } used ? long.Parse(used, System.Globalization.CultureInfo.InvariantCulture) : 0;
            while (last >= now + 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(5));
                now = Totp.Step(DateTimeOffset.UtcNow);
            }

            return Math.Max(now, last + 1);
        }

        public static async Task<string> EnableTwoFactorAsync(RunningPortal portal, string email)
        {
            await using var scope = portal.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No demo account {email}.");
            await users.SetTwoFactorEnabledAsync(user, true);
            return await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("The demo account has no authenticator key.");
        }
    }
}
