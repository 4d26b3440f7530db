using Microsoft.EntityFrameworkCore;
using Services.Tests.Integration.Infrastructure;
using Services.Web.Setup;

namespace Services.Tests.Integration.Security;

/// <summary>Finding 12: a production migrate creates the schema and nothing else — no demo city, no public password.</summary>
public sealed class DeploymentTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task MigrateSeedsNoDemoAccountsAndSeedDemoDoes()
    {
        await using var app = PortalServices.Build(database, Path.Combine(Path.GetTempPath(), $"portal-it-{Guid.NewGuid():N}"));
        Assert.Equal(0, await PortalCommands.RunAsync(app, ["migrate"]));
        await using (var db = database.CreateContext())
        {
            Assert.Equal(0, await db.Users.CountAsync());
            Assert.Equal(0, await db.Units.CountAsync());
        }

        Assert.False(PortalCommands.IsCommand(["setup"])); // the verb that used to seed everywhere is gone
        Assert.Equal(0, await PortalCommands.RunAsync(app, ["seed-demo"]));
        await using (var db = database.CreateContext())
        {
            Assert.Equal(DemoCitySeed.Accounts.Count, await db.Users.CountAsync());
        }
    }
}
