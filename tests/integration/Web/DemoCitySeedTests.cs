using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Data;
using Services.Data.Identity;
using Services.Data.Units;
using Services.Tests.Integration.Infrastructure;
using Services.Web.Setup;

namespace Services.Tests.Integration.Web;

public sealed class DemoCitySeedTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task SeedingTwiceGivesTheSameCity()
    {
        await using var app = PortalServices.Build(database, Path.Combine(Path.GetTempPath(), $"portal-it-{Guid.NewGuid():N}"));
        await SeedAsync(app);
        var first = await CountsAsync(app);
        await SeedAsync(app);
        var second = await CountsAsync(app);

        Assert.Equal(first, second);
        Assert.Equal(DemoCitySeed.Accounts.Count, first.Users);
        Assert.Equal(DemoCitySeed.Accounts.Count(a => a.Role is not null), first.Memberships);
    }

    [Fact]
    public async Task DemoCityHasADepartmentTwoDistrictOfficesAndSchoolsOfEveryLevel()
    {
        await using var app = PortalServices.Build(database, Path.Combine(Path.GetTempPath(), $"portal-it-{Guid.NewGuid():N}"));
        await SeedAsync(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var units = await db.Units.Include(u => u.Leaders).ToListAsync();

        var department = Assert.Single(units, u => u.Kind == UnitKind.Department);
        Assert.Null(department.ParentId);
        Assert.Equal(2, units.Count(u => u.Kind == UnitKind.DistrictOffice && u.ParentId == department.Id));
        var schools = units.Where(u => u.Kind is not (UnitKind.Department or UnitKind.DistrictOffice)).ToList();
        Assert.True(schools.Count >= 6);
        Assert.Contains(schools, s => s.Kind == UnitKind.Preschool);
        Assert.Contains(schools, s => s.Kind == UnitKind.PrimarySchool);
        Assert.Contains(schools, s => s.Kind == UnitKind.LowerSecondarySchool);
        Assert.Contains(schools, s => s.Kind == UnitKind.UpperSecondarySchool);
        Assert.All(units, u => Assert.NotEmpty(u.Leaders));
    }

    [Fact]
    public async Task EveryRoleHasADemoAccountThatCanSignIn()
    {
        await using var app = PortalServices.Build(database, Path.Combine(Path.GetTempPath(), $"portal-it-{Guid.NewGuid():N}"));
        await SeedAsync(app);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();

        Assert.Equal(Enum.GetValues<PortalRole>().Order(), DemoCitySeed.Accounts.Where(a => a.Role is not null).Select(a => a.Role!.Value).Distinct().Order());
        foreach (var account in DemoCitySeed.Accounts)
        {
            var user = await users.FindByEmailAsync(account.Email);
            Assert.NotNull(user);
            Assert.True(await users.CheckPasswordAsync(user, DemoCitySeed.DemoPassword), account.Email);
            Assert.Equal(account.Role is not null, await users.GetAuthenticatorKeyAsync(user) is not null);
        }
    }

    private static async Task SeedAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoCitySeed>().RunAsync(CancellationToken.None);
    }

    private static async Task<(int Units, int Leaders, int Users, int Memberships)> CountsAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return (await db.Units.CountAsync(), await db.UnitLeaders.CountAsync(), await db.Users.CountAsync(), await db.UnitMemberships.CountAsync());
    }
}
