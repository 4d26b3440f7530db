using System.Net;
using Services.Tests.Integration.Infrastructure;

namespace Services.Tests.Integration.Security;

/// <summary>Finding 7: the Data Protection keys in the database are encrypted with a certificate the database does not hold.</summary>
public sealed class KeyRingTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task TheStoredKeyRingHoldsNoPlainMasterKeyAndIsUselessWithoutTheCertificate()
    {
        string? cookieFromFirstNode;
        await using (var portal = await RunningPortal.StartAsync(database.ConnectionString))
        {
            await portal.SeedDemoCityAsync();
            using var visitor = new Visitor(portal);
            (await visitor.SignInAsync("phuhuynh@demo.edu.vn", Visitor.Setup.DemoPassword)).Dispose();
            cookieFromFirstNode = visitor.AuthCookie;
            Assert.NotNull(cookieFromFirstNode);
            Assert.True(File.Exists(Path.Combine(portal.DataPath, "keys", "data-protection.pfx")));
        }

        var stored = new List<string>();
        await using (var read = database.DataSource.CreateCommand("SELECT xml FROM data_protection_keys"))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored.Add(reader.GetString(0));
            }
        }

        Assert.NotEmpty(stored);
        Assert.All(stored, xml =>
        {
            Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        });

        // Someone with the database but another certificate (a fresh data folder) cannot read the first node's cookie.
        await using var thief = await RunningPortal.StartAsync(database.ConnectionString);
        using var replay = new Visitor(thief);
        replay.Cookies.Add(thief.Client.BaseAddress!, new Cookie("portal.auth", cookieFromFirstNode));
        using var response = await replay.GetAsync("/tai-khoan/thong-bao");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
