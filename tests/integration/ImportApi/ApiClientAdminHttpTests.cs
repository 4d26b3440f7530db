using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Integration.Security;

namespace Services.Tests.Integration.ImportApi;

/// <summary>
/// The system administrator's registry of API clients over HTTP (ADR 0022): a client registered on the page gets
/// its secret once and can obtain a token with it; deactivating it refuses its next token; both changes are in the
/// signed journal; nobody but a system administrator opens the page. The OpenAPI description names the endpoints
/// and the client-credentials scheme.
/// </summary>
public sealed partial class ApiClientAdminHttpTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task ASystemAdminRegistersAClientSeesItsSecretOnceAndDeactivatesIt()
    {
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString);
        await portal.SeedDemoCityAsync();
        using var admin = await StaffAsync(portal, "quantri@demo.edu.vn");
        var workplace = await admin.Http.GetStringAsync(new Uri("/can-bo", UriKind.Relative));
        Assert.Contains("href=\"/quan-tri/ung-dung-api\"", workplace, StringComparison.Ordinal);

        var page = await admin.Http.GetStringAsync(new Uri("/quan-tri/ung-dung-api", UriKind.Relative));
        Assert.Contains("Ứng dụng nhập dữ liệu qua API", page, StringComparison.Ordinal);
        Guid department;
        await using (var db = database.CreateContext())
        {
            department = (await db.Units.SingleAsync(u => u.Slug == "so-gd-dt")).Id;
        }

        // Nothing chosen: refused with the reasons, nothing written.
        using (var empty = await PostAsync(admin, "/quan-tri/ung-dung-api", page, [new("ten", "")]))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
            var html = await empty.Content.ReadAsStringAsync();
            Assert.Contains("Vui lòng chọn ít nhất một đơn vị.", html, StringComparison.Ordinal);
            Assert.Contains("Vui lòng chọn ít nhất một phạm vi.", html, StringComparison.Ordinal);
        }

        var name = $"Hệ thống quản lý thi {Guid.NewGuid():N}"[..30];
        using var created = await PostAsync(admin, "/quan-tri/ung-dung-api", page,
            [new("ten", name), new("don-vi", department.ToString()), new("pham-vi", "exams.import"), new("pham-vi", "certificates.import")]);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var answer = await created.Content.ReadAsStringAsync();
        var clientId = ClientId().Match(answer).Groups[1].Value;
        var secret = Secret().Match(answer).Groups[1].Value;
        Assert.StartsWith("dvc-", clientId, StringComparison.Ordinal);
        Assert.True(secret.Length >= 40, answer);

        // The secret is shown once: the list shows the client, never its secret again, and the database keeps only a hash.
        var list = await admin.Http.GetStringAsync(new Uri("/quan-tri/ung-dung-api", UriKind.Relative));
        Assert.Contains(clientId, list, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list, StringComparison.Ordinal);
        await using (var db = database.CreateContext())
        {
            var row = await db.ApiClients.SingleAsync(c => c.ClientId == clientId);
            Assert.Equal(["certificates.import", "exams.import"], row.Scopes);
            Assert.Equal([department], row.UnitIds);
            Assert.Equal(32, row.SecretHash.Length);
        }

        using var machine = portal.NewClient();
        using (var token = await ImportApiHttpTests.RequestTokenAsync(machine, clientId, secret, "exams.import"))
        {
            Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        }

        var id = DeactivateId().Match(list.Split(clientId)[1]).Groups[1].Value;
        using (var deactivated = await PostAsync(admin, $"/quan-tri/ung-dung-api?handler=Deactivate&id={id}", list, []))
        {
            Assert.Equal(HttpStatusCode.Redirect, deactivated.StatusCode);
        }

        using (var refused = await ImportApiHttpTests.RequestTokenAsync(machine, clientId, secret, "exams.import"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("invalid_client", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        }

        await using (var db = database.CreateContext())
        {
            var actions = await db.WorkflowInstances.Where(i => i.Correlation.StartsWith("QT-"))
                .Join(db.WorkflowJournal, i => i.Id, e => e.InstanceId, (i, e) => new { e.Action, e.Payload, e.ActorRole })
                .Where(e => e.Payload!.Contains(clientId))
                .ToListAsync();
            Assert.Equal(["api-client.created", "api-client.deactivated"], actions.Select(a => a.Action).Order(StringComparer.Ordinal));
            Assert.All(actions, a => Assert.Equal("SystemAdmin", a.ActorRole));
            Assert.All(actions, a => Assert.DoesNotContain(secret, a.Payload!, StringComparison.Ordinal));
        }

        var verdict = await portal.Services.GetRequiredService<Services.Workflows.Journal.JournalAudit>().RunAsync(null, default);
        Assert.True(verdict.Intact, string.Join("; ", verdict.Problems));

        // English, under /en.
        var english = await admin.Http.GetStringAsync(new Uri("/en/quan-tri/ung-dung-api", UriKind.Relative));
        Assert.Contains("Data import applications (API)", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyASystemAdminOpensTheRegistryOrSeesItsLink()
    {
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString);
        await portal.SeedDemoCityAsync();
        using var unitAdmin = await StaffAsync(portal, "quantri.nbk@demo.edu.vn");
        using (var refused = await unitAdmin.GetAsync("/quan-tri/ung-dung-api"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.DoesNotContain("/quan-tri/ung-dung-api", await unitAdmin.Http.GetStringAsync(new Uri("/can-bo", UriKind.Relative)), StringComparison.Ordinal);
        using var anonymous = new Visitor(portal);
        using var signIn = await anonymous.GetAsync("/quan-tri/ung-dung-api");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task TheOpenApiDescriptionNamesTheImportEndpointsAndTheClientCredentialsScheme()
    {
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString);
        using var response = await portal.Client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        var paths = root.GetProperty("paths").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["/api/v1/units/{unit}/certificates", "/api/v1/units/{unit}/exams/{exam}/results"], paths);

        var scheme = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("oauth2");
        Assert.Equal("oauth2", scheme.GetProperty("type").GetString());
        var flow = scheme.GetProperty("flows").GetProperty("clientCredentials");
        Assert.Equal($"{RunningPortal.PublicBaseUrl}/connect/token", flow.GetProperty("tokenUrl").GetString());
        Assert.Equal(["certificates.import", "exams.import"], flow.GetProperty("scopes").EnumerateObject().Select(s => s.Name).Order(StringComparer.Ordinal));

        var results = root.GetProperty("paths").GetProperty("/api/v1/units/{unit}/exams/{exam}/results").GetProperty("post");
        var requirement = results.GetProperty("security")[0].GetProperty("oauth2");
        Assert.Equal(["exams.import"], requirement.EnumerateArray().Select(s => s.GetString()));
        Assert.True(results.GetProperty("responses").TryGetProperty("422", out _));
        var certificates = root.GetProperty("paths").GetProperty("/api/v1/units/{unit}/certificates").GetProperty("post");
        Assert.Equal(["certificates.import"], certificates.GetProperty("security")[0].GetProperty("oauth2").EnumerateArray().Select(s => s.GetString()));
    }

    private static async Task<Visitor> StaffAsync(RunningPortal portal, string email)
    {
        var key = await Visitor.Setup.EnableTwoFactorAsync(portal, email);
        var visitor = new Visitor(portal);
        await visitor.SignInAsStaffAsync(email, key);
        return visitor;
    }

    private static Task<HttpResponseMessage> PostAsync(Visitor visitor, string path, string formPage, List<KeyValuePair<string, string>> fields)
    {
        fields.Add(new("__RequestVerificationToken", Token().Match(formPage).Groups[1].Value));
        return visitor.Http.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("id=\"created-client-id\"[^>]*>([^<]+)<")]
    private static partial Regex ClientId();

    [GeneratedRegex("id=\"created-secret\"[^>]*>([^<]+)<")]
    private static partial Regex Secret();

    [GeneratedRegex("(?:\\?|&amp;)id=([0-9a-f-]{36})")]
    private static partial Regex DeactivateId();
}
