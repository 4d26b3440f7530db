using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Services.Web.Security;
using Services.Workflows.Runtime;

namespace Services.Bench;

/// <summary>One person's browser against the running portal: its cookies, and forms posted with their antiforgery token.</summary>
internal sealed partial class Browser : IDisposable
{
    private readonly HttpClient _http;

    public Browser(string baseUrl) =>
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = TimeSpan.FromSeconds(60),
        };

    /// <summary>GETs a page that must answer 200 and returns its HTML (the whole body is read, as a browser would).</summary>
    public async Task<string> GetPageAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode} {response.Headers.Location}");
        }

        return html;
    }

    /// <summary>The demo leave-of-absence form filled in and submitted by an anonymous parent; returns the tracking code.</summary>
    public async Task<string> ApplyForLeaveAsync(string school)
    {
        var form = $"/{school}/dich-vu/xin-nghi-hoc";
        var today = WorkingCalendar.LocalDate(DateTimeOffset.UtcNow);
        string Day(int days) => today.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await PostExpectingRedirectAsync(form, form, []);
        await PostExpectingRedirectAsync($"{form}/buoc/1", $"{form}/buoc/1",
            [("a.nguoi-nop-ho-ten", "Nguyễn Thị Lan"), ("a.nguoi-nop-ngay-sinh", "1988-04-12"), ("a.nguoi-nop-dien-thoai", "0903123456")]);
        await PostExpectingRedirectAsync($"{form}/buoc/2", $"{form}/buoc/2", [("a.hoc-sinh-ho-ten", "Trần Minh Khôi"), ("a.hoc-sinh-lop", "3A2")]);
        await PostExpectingRedirectAsync($"{form}/buoc/3", $"{form}/buoc/3", [("a.tu-ngay", Day(1)), ("a.den-ngay", Day(2)), ("a.ly-do", "Cháu bị sốt.")]);
        await PostExpectingRedirectAsync($"{form}/buoc/4", $"{form}/buoc/4", [("a.cam-doan", "true")]);
        var done = await PostExpectingRedirectAsync($"{form}/kiem-tra", $"{form}/kiem-tra", []);
        var receipt = await GetPageAsync(done);
        return TrackingCodePattern().Match(receipt) is { Success: true } code
            ? code.Value
            : throw new InvalidOperationException($"No tracking code on {done}.");
    }

    /// <summary>Password, then the authenticator code from the account's seeded key (first-time set-up or the usual second step).</summary>
    public async Task SignInAsStaffAsync(string email, string password, string authenticatorKey)
    {
        var next = await PostExpectingRedirectAsync("/tai-khoan/dang-nhap", "/tai-khoan/dang-nhap", [("Input.Email", email), ("Input.Password", password)]);
        if (!next.StartsWith("/tai-khoan/xac-thuc-hai-buoc", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Signing in as {email} did not ask for the second factor but led to {next}.");
        }

        var code = Totp.Code(authenticatorKey, DateTimeOffset.UtcNow);
        var path = next.Split('?')[0];
        using var response = await PostAsync(next, path, [("Input.Code", code)]);
        var body = await response.Content.ReadAsStringAsync();
        // The set-up page answers 200 with the recovery codes; the second step redirects to the workplace.
        if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.OK) || body.Contains("is-invalid", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The authenticator code was refused at {path} ({(int)response.StatusCode}).");
        }
    }

    /// <summary>Claims the dossier's task, then takes <paramref name="decision"/> on it with a comment, as on the dossier page.</summary>
    public async Task DecideAsync(string unit, string code, string decision, string comment)
    {
        var page = $"/can-bo/{unit}/ho-so/{code}";
        await PostExpectingRedirectAsync(page, $"{page}?handler=Claim", []);
        await PostExpectingRedirectAsync(page, $"{page}?handler=Decide", [("decision", decision), ("Comment", comment)]);
    }

    /// <summary>Posts a form whose answer is a page (200), e.g. one showing what was just created; returns its HTML.</summary>
    public async Task<string> PostForPageAsync(string formPage, string action, params (string Key, string Value)[] fields)
    {
        using var response = await PostAsync(formPage, action, fields);
        var html = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.OK
            ? html
            : throw new InvalidOperationException($"POST {action} answered {(int)response.StatusCode}:\n{html[..Math.Min(html.Length, 3000)]}");
    }

    /// <summary>Uploads a file as the page's file input would (multipart, with the antiforgery token); returns where it redirects.</summary>
    public async Task<string> UploadAsync(string formPage, string action, string field, string fileName, string mediaType, byte[] file)
    {
        var token = AntiforgeryPattern().Match(await GetPageAsync(formPage)).Groups[1].Value;
        using var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
        content.Add(part, field, fileName);
        content.Add(new StringContent(token), "__RequestVerificationToken");
        using var response = await _http.PostAsync(new Uri(action, UriKind.Relative), content);
        return response.StatusCode == HttpStatusCode.Redirect
            ? response.Headers.Location!.OriginalString
            : throw new InvalidOperationException($"Upload to {action} answered {(int)response.StatusCode}, not a redirect.");
    }

    public void Dispose() => _http.Dispose();

    private async Task<string> PostExpectingRedirectAsync(string formPage, string action, (string Key, string Value)[] fields)
    {
        using var response = await PostAsync(formPage, action, fields);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new InvalidOperationException($"POST {action} answered {(int)response.StatusCode}, not a redirect:\n{body[..Math.Min(body.Length, 3000)]}");
        }

        return response.Headers.Location!.OriginalString;
    }

    private async Task<HttpResponseMessage> PostAsync(string formPage, string action, (string Key, string Value)[] fields)
    {
        var token = AntiforgeryPattern().Match(await GetPageAsync(formPage)).Groups[1].Value;
        if (token.Length == 0)
        {
            throw new InvalidOperationException($"{formPage} has no antiforgery token.");
        }

        using var content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Key, f.Value))
            .Append(KeyValuePair.Create("__RequestVerificationToken", token)));
        return await _http.PostAsync(new Uri(action, UriKind.Relative), content);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryPattern();

    [GeneratedRegex("[A-Z]{1,4}-[0-9]{2}-[0-9A-Z]{4}-[0-9A-Z]{4}")]
    private static partial Regex TrackingCodePattern();
}
