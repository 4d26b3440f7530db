using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Integration.Web;
using Xunit.Abstractions;

namespace Services.Tests.Integration.Security;

/// <summary>
/// S2 over every form a visitor and a parent can reach: the public portal is walked link by link (as the link walk
/// does), every distinct form found on the way is sent twice — once with a script in every text field, once with
/// overlong, control-character and decomposed (non-NFC) text and impossible dates and numbers — with the page's own
/// antiforgery token. No answer may be a server error, and no page, including the one a redirect leads to, may show
/// the script unencoded. Forms with their own tests of each rule are covered again here, and a form added later is
/// covered without anyone writing its test.
/// </summary>
public sealed class HostileInputSweepTests(TestDatabase database, ITestOutputHelper output) : IClassFixture<TestDatabase>
{
    private const int PagesPerWalk = 2000;
    private const string Script = "<script>alert('s2-sweep')</script>";
    private static readonly string Overlong = string.Concat(Enumerable.Repeat("Nguyễn ", 2000)) + "\u0007" + "A\u0301";

    [Theory]
    [InlineData(null)]
    [InlineData("phuhuynh@demo.edu.vn")]
    public async Task EveryReachableFormTakesHostileInputWithoutAServerErrorAndNeverShowsItUnencoded(string? account)
    {
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString);
        await portal.SeedDemoCityAsync();
        using var visitor = new Visitor(portal);
        var starts = new List<string> { "/", "/en/" };
        if (account is not null)
        {
            starts.Insert(0, await LinkWalkTests.SignInAsync(portal, visitor, account));
        }

        var forms = await FormsAsync(visitor, starts);
        Assert.True(forms.Count > 10, $"Only {forms.Count} forms were found: the walk did not reach the portal's forms.");
        var problems = new List<string>();
        var sent = 0;
        foreach (var (page, key) in forms)
        {
            foreach (var payload in new[] { Script, Overlong })
            {
                // A fresh copy of the page for each send: its form carries a current antiforgery token.
                using var fresh = await visitor.GetAsync(page);
                if (fresh.StatusCode != HttpStatusCode.OK || Parse(await fresh.Content.ReadAsStringAsync()).Forms
                        .OfType<IHtmlFormElement>().FirstOrDefault(f => KeyOf(page, f) == key) is not { } form)
                {
                    continue;
                }

                using var response = await visitor.Http.SendAsync(Request(page, form, payload));
                sent++;
                var body = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                if (status >= 500)
                {
                    problems.Add($"{status} from {key} on {page} with {(payload == Script ? "a script" : "overlong text")}");
                }

                if (body.Contains(Script, StringComparison.Ordinal))
                {
                    problems.Add($"The script is shown unencoded by {key} on {page}");
                }

                if (response.Headers.Location is { } next && !next.IsAbsoluteUri && next.OriginalString.StartsWith('/'))
                {
                    using var landed = await visitor.GetAsync(next.OriginalString);
                    if ((int)landed.StatusCode >= 500 || (await landed.Content.ReadAsStringAsync()).Contains(Script, StringComparison.Ordinal))
                    {
                        problems.Add($"{(int)landed.StatusCode} or the script unencoded at {next} after {key} on {page}");
                    }
                }
            }
        }

        output.WriteLine($"{forms.Count} forms, {sent} hostile sends:\n{string.Join('\n', forms.Select(f => f.Key))}");
        Assert.True(sent >= forms.Count, $"Only {sent} sends for {forms.Count} forms: pages stopped offering their forms.");
        Assert.True(problems.Count == 0, $"{problems.Count} problems over {forms.Count} forms for {account ?? "a visitor"}:\n" + string.Join('\n', problems));
    }

    /// <summary>Every distinct form (method, target, field names) on the pages reachable from the starts, with the page it is on.</summary>
    private static async Task<List<(string Page, string Key)>> FormsAsync(Visitor visitor, List<string> starts)
    {
        var forms = new List<(string, string)>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(starts, StringComparer.Ordinal);
        var queue = new Queue<string>(starts);
        var walked = 0;
        while (queue.Count > 0 && walked++ < PagesPerWalk)
        {
            var path = queue.Dequeue();
            using var response = await visitor.GetAsync(path);
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }

            var html = await response.Content.ReadAsStringAsync();
            foreach (var form in Parse(html).Forms.OfType<IHtmlFormElement>())
            {
                var key = KeyOf(path, form);
                // Signing out would end the parent's walk; it has no field to attack.
                if (!key.Contains("/dang-xuat", StringComparison.Ordinal) && keys.Add(key))
                {
                    forms.Add((path, key));
                }
            }

            foreach (var link in SiteLinks.Of(html))
            {
                if (seen.Add(link))
                {
                    queue.Enqueue(link);
                }
            }
        }

        return forms;
    }

    private static IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    private static string Target(string page, IHtmlFormElement form) =>
        form.GetAttribute("action") is { Length: > 0 } action ? WebUtility.HtmlDecode(action) : page;

    private static string KeyOf(string page, IHtmlFormElement form)
    {
        var target = Target(page, form);
        var query = target.IndexOf('?', StringComparison.Ordinal);
        var handler = query < 0 ? "" : target[query..];
        var path = query < 0 ? target : target[..query];
        var names = form.Elements.Select(e => e.GetAttribute("name")).OfType<string>().Where(n => n != "__RequestVerificationToken").Distinct().Order(StringComparer.Ordinal);
        return $"{(form.Method ?? "get").ToUpperInvariant()} {path}{(handler.Contains("handler=", StringComparison.Ordinal) ? handler : "")} [{string.Join(',', names)}]";
    }

    /// <summary>The form as a browser would send it, with the payload in every field a person types into.</summary>
    private static HttpRequestMessage Request(string page, IHtmlFormElement form, string payload)
    {
        var fields = new List<KeyValuePair<string, string>>();
        var radios = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in form.Elements)
        {
            if (element.GetAttribute("name") is not { Length: > 0 } name || element.HasAttribute("disabled"))
            {
                continue;
            }

            switch (element)
            {
                case IHtmlInputElement input:
                    var type = input.Type.ToLowerInvariant();
                    if (type is "submit" or "button" or "image" or "reset" or "file")
                    {
                        continue;
                    }

                    if (type == "radio" && !radios.Add(name))
                    {
                        continue;
                    }

                    fields.Add(new(name, type switch
                    {
                        "hidden" => input.Value,
                        "checkbox" or "radio" => string.IsNullOrEmpty(input.Value) ? "on" : input.Value,
                        "date" or "datetime-local" or "month" or "time" => payload == Script ? Script : "2026-13-45",
                        "number" or "range" => payload == Script ? Script : "1e309",
                        _ => payload,
                    }));
                    break;
                case IHtmlTextAreaElement:
                    fields.Add(new(name, payload));
                    break;
                case IHtmlSelectElement select:
                    fields.Add(new(name, select.Options.Select(o => o.Value).FirstOrDefault(v => v.Length > 0) ?? ""));
                    break;
            }
        }

        // The button that sends the form, as a browser includes it (a step's "save" or "decide" name and value).
        if (form.Elements.OfType<IHtmlButtonElement>().FirstOrDefault(b => b.Type == "submit" && b.Name is { Length: > 0 }) is { } button)
        {
            fields.Add(new(button.Name!, button.Value));
        }

        var target = Target(page, form);
        if (string.Equals(form.Method, "get", StringComparison.OrdinalIgnoreCase))
        {
            var query = string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));
            return new HttpRequestMessage(HttpMethod.Get, new Uri($"{target.Split('?')[0]}?{query}", UriKind.Relative));
        }

        HttpContent content = (form.Enctype ?? "").Contains("multipart", StringComparison.OrdinalIgnoreCase)
            ? Multipart(fields)
            : new FormUrlEncodedContent(fields);
        return new HttpRequestMessage(HttpMethod.Post, new Uri(target, UriKind.Relative)) { Content = content };
    }

    private static MultipartFormDataContent Multipart(List<KeyValuePair<string, string>> fields)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        return content;
    }
}
