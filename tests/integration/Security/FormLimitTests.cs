using System.Globalization;
using System.Net;
using Services.Tests.Integration.Infrastructure;

namespace Services.Tests.Integration.Security;

/// <summary>
/// Finding 8: the forms that create accounts, send mail or create drafts are limited per client, each answering the
/// 429 page (Vietnamese, English under /en) with Retry-After; a limit counts POSTs, never the GET of the form.
/// </summary>
public sealed class FormLimitTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Theory]
    [InlineData("forgot-password-client", "/tai-khoan/quen-mat-khau", "vi")]
    [InlineData("register-client", "/tai-khoan/dang-ky", "vi")]
    [InlineData("sign-in-client", "/tai-khoan/dang-nhap", "vi")]
    [InlineData("draft-client", "/th-nguyen-binh-khiem/dich-vu/xin-nghi-hoc", "vi")]
    [InlineData("forgot-password-client", "/en/tai-khoan/quen-mat-khau", "en")]
    public async Task BeyondTheLimitTheFormAnswersTheTooManyRequestsPage(string rule, string path, string language)
    {
        await using (var clear = database.DataSource.CreateCommand("DELETE FROM throttle_counters"))
        {
            await clear.ExecuteNonQueryAsync();
        }

        await using var portal = await RunningPortal.StartAsync(database.ConnectionString,
            new Dictionary<string, string?> { [$"Portal:Limits:{rule}:Limit"] = "2" });
        await portal.SeedDemoCityAsync();
        using var visitor = new Visitor(portal);
        var fields = new Dictionary<string, string>
        {
            ["Input.Email"] = $"ai-do-{Guid.NewGuid():N}@example.vn",
            ["Input.FullName"] = "Lê Văn An",
            ["Input.Password"] = "Mat-khau-dai-2026",
            ["Input.ConfirmPassword"] = "Mat-khau-dai-2026",
        };
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            last?.Dispose();
            last = await visitor.PostFormAsync(path, fields);
            statuses.Add(last.StatusCode);
        }

        Assert.NotEqual(HttpStatusCode.TooManyRequests, statuses[0]);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, statuses[1]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[2]);
        var html = await last!.Content.ReadAsStringAsync();
        Assert.Contains($"<html lang=\"{language}\">", html, StringComparison.Ordinal);
        Assert.Contains(language == "vi" ? "Quá nhiều yêu cầu" : "Too many requests", html, StringComparison.Ordinal);
        Assert.InRange(int.Parse(Assert.Single(last.Headers.GetValues("Retry-After")), CultureInfo.InvariantCulture), 1, 3600);
        last.Dispose();

        // The form itself still opens: looking is free.
        using var form = await visitor.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
    }
}
