using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Services.Tests.Integration.Infrastructure;

namespace Services.Tests.Integration.Security;

/// <summary>
/// Finding 8 on the application journey: resume mails (to any address typed in) and uploads are limited per client,
/// each answering the 429 page with Retry-After; posting a page without a file or without "save" does not count.
/// </summary>
public sealed partial class JourneyLimitTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string Form = "/th-nguyen-binh-khiem/dich-vu/xin-nghi-hoc";
    private static readonly byte[] TinyPdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();

    [Fact]
    public async Task BeyondTheLimitResumeMailsAnswerTooManyRequests()
    {
        await using var portal = await StartAsync("resume-mail-client");
        using var client = portal.NewClient();
        (await PostAsync(client, Form, [])).Dispose();
        (await PostAsync(client, $"{Form}/buoc/1", Applicant())).Dispose(); // a plain "continue" does not count

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var saved = await PostAsync(client, $"{Form}/buoc/2?handler=Save", [("a.hoc-sinh-ho-ten", "Trần Minh Khôi")]);
            statuses.Add(saved.StatusCode);
            if (i == 2)
            {
                await AssertTooManyRequestsPageAsync(saved);
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task BeyondTheLimitUploadsAnswerTooManyRequestsAndPagesWithoutFilesStillPass()
    {
        await using var portal = await StartAsync("upload-client");
        using var client = portal.NewClient();
        (await PostAsync(client, Form, [])).Dispose();
        (await PostAsync(client, $"{Form}/buoc/1", Applicant())).Dispose();
        (await PostAsync(client, $"{Form}/buoc/2", [("a.hoc-sinh-ho-ten", "Trần Minh Khôi"), ("a.hoc-sinh-lop", "3A2")])).Dispose();
        (string, string)[] leave = [("a.tu-ngay", "2027-03-02"), ("a.den-ngay", "2027-03-03"), ("a.ly-do", "Cháu bị sốt.")];

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var uploaded = await PostAsync(client, $"{Form}/buoc/3", leave, ($"giay-kham-{i}.pdf", TinyPdf.Concat(new byte[] { (byte)i }).ToArray()));
            statuses.Add(uploaded.StatusCode);
            if (i == 2)
            {
                await AssertTooManyRequestsPageAsync(uploaded);
            }
        }

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], statuses);
        using var withoutFile = await PostAsync(client, $"{Form}/buoc/3", leave);
        Assert.Equal(HttpStatusCode.Redirect, withoutFile.StatusCode);
    }

    private async Task<RunningPortal> StartAsync(string rule)
    {
        await using (var clear = database.DataSource.CreateCommand("DELETE FROM throttle_counters"))
        {
            await clear.ExecuteNonQueryAsync();
        }

        var portal = await RunningPortal.StartAsync(database.ConnectionString, new Dictionary<string, string?> { [$"Portal:Limits:{rule}:Limit"] = "2" });
        await portal.SeedDemoCityAsync();
        return portal;
    }

    private static async Task AssertTooManyRequestsPageAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"vi\">", html, StringComparison.Ordinal);
        Assert.Contains("Quá nhiều yêu cầu", html, StringComparison.Ordinal);
        Assert.InRange(int.Parse(Assert.Single(response.Headers.GetValues("Retry-After")), CultureInfo.InvariantCulture), 1, 3600);
    }

    private static (string, string)[] Applicant() =>
        [("a.nguoi-nop-ho-ten", "Nguyễn Thị Lan"), ("a.nguoi-nop-ngay-sinh", "1988-04-12"), ("a.nguoi-nop-dien-thoai", "0903123456")];

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, (string Key, string Value)[] fields, (string Name, byte[] Bytes)? file = null)
    {
        using var form = await client.GetAsync(path.Split('?')[0]);
        Assert.True(form.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)form.StatusCode} {form.Headers.Location}");
        var token = Antiforgery().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;
        using var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (key, value) in fields)
        {
            content.Add(new StringContent(value, Encoding.UTF8), key);
        }

        if (file is { } f)
        {
            var part = new ByteArrayContent(f.Bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            content.Add(part, "a.giay-to", f.Name);
        }

        return await client.PostAsync(path, content);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
