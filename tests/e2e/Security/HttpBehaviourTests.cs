using System.Net;
using System.Text.RegularExpressions;
using Services.Tests.E2e.Infrastructure;

namespace Services.Tests.E2e.Security;

/// <summary>What the portal promises over plain HTTP, checked against the running app without a browser.</summary>
[Collection(SharedPortal.Name)]
public sealed partial class HttpBehaviourTests(PortalApp app)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/tai-khoan/dang-nhap")]
    [InlineData("/khong-co-don-vi-nay")]
    public async Task PagesCarryTheSecurityHeaders(string path)
    {
        using var http = app.NewHttpClient();
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));

        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task PostWithoutAntiforgeryTokenIsRejectedWith400()
    {
        using var http = app.NewHttpClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = "phuhuynh@demo.edu.vn",
            ["Input.Password"] = "BachDang@2026",
        });
        using var response = await http.PostAsync(new Uri("/tai-khoan/dang-nhap", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("portal.auth=", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task HealthEndpointsAnswer200(string path)
    {
        using var http = app.NewHttpClient();
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AnonymousVisitorToAStaffPageIsSentToSignInWithALocalReturnUrl()
    {
        using var http = app.NewHttpClient();
        using var response = await http.GetAsync(new Uri("/can-bo/th-nguyen-binh-khiem", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/tai-khoan/dang-nhap", response.Headers.Location!.AbsolutePath);
        Assert.Contains("ReturnUrl=%2Fcan-bo%2Fth-nguyen-binh-khiem", response.Headers.Location.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInCookieIsHttpOnlyAndSameSite()
    {
        using var http = app.NewHttpClient();
        using var response = await SignInAsync(http, "thanhtra@demo.edu.vn", "BachDang@2026");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var auth = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("portal.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", auth, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignedInCitizenIsRefusedOnStaffPagesNotSentToTwoFactorSetUp()
    {
        var cookies = new CookieContainer();
        using var http = app.NewHttpClient(cookies);
        using (var signedIn = await SignInAsync(http, "phuhuynh@demo.edu.vn", "BachDang@2026"))
        {
            Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
        }

        using var response = await http.GetAsync(new Uri("/can-bo/th-nguyen-binh-khiem", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Không có quyền truy cập", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccessDeniedPageAnswers403()
    {
        using var http = app.NewHttpClient();
        using var response = await http.GetAsync(new Uri("/tai-khoan/tu-choi-truy-cap", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Không có quyền truy cập", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/tai-khoan/xac-nhan-email?userId=01234567-89ab-cdef-0123-456789abcdef&code=bm90LWEtdG9rZW4")]
    [InlineData("/tai-khoan/xac-nhan-email?userId=khong-phai-guid&code=%%%")]
    [InlineData("/tai-khoan/xac-nhan-email")]
    public async Task ForgedConfirmationLinkIsRefusedWithAMessage(string path)
    {
        using var http = app.NewHttpClient();
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Đường dẫn xác nhận không hợp lệ hoặc đã hết hạn.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FullName", 10_000)]
    [InlineData("Email", 10_000)]
    [InlineData("Password", 10_000)]
    public async Task OverlongRegistrationFieldIsAnsweredWithAVietnameseMessageNotAnError(string field, int length)
    {
        var cookies = new CookieContainer();
        using var http = app.NewHttpClient(cookies);
        var page = await http.GetStringAsync(new Uri("/tai-khoan/dang-ky", UriKind.Relative));
        var values = new Dictionary<string, string>
        {
            ["Input.FullName"] = "Lê Văn An",
            ["Input.Email"] = $"an.{Guid.NewGuid():N}@example.com",
            ["Input.Password"] = "MatKhauDai2026",
            ["Input.ConfirmPassword"] = "MatKhauDai2026",
            ["__RequestVerificationToken"] = TokenPattern().Match(page).Groups[1].Value,
        };
        values[$"Input.{field}"] = new string('a', length);
        using var form = new FormUrlEncodedContent(values);
        using var response = await http.PostAsync(new Uri("/tai-khoan/dang-ky", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("quá dài", html, StringComparison.Ordinal);
        Assert.DoesNotContain("đã gửi thư xác nhận", html, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient http, string email, string password)
    {
        var signInPage = await http.GetStringAsync(new Uri("/tai-khoan/dang-nhap", UriKind.Relative));
        var token = TokenPattern().Match(signInPage).Groups[1].Value;
        Assert.NotEmpty(token);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = token,
        });
        return await http.PostAsync(new Uri("/tai-khoan/dang-nhap", UriKind.Relative), form);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
