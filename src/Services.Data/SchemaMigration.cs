using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Services.Data;

/// <summary>
/// Migrates as the schema owner (<c>ConnectionStrings:PortalMigrate</c>), then grants the application's role
/// (the user of <c>ConnectionStrings:Portal</c>) its rights. Without a separate owner string the app's own string
/// migrates, as before, and there is nothing to grant.
/// </summary>
public static class SchemaMigration
{
    public static async Task RunAsync(IConfiguration configuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var app = configuration.GetConnectionString("Portal")
            ?? throw new InvalidOperationException("ConnectionStrings:Portal is not set (./portal sets it for the local cluster).");
        var owner = configuration.GetConnectionString("PortalMigrate") is { Length: > 0 } migrate ? migrate : app;
        await using var dataSource = NpgsqlDataSource.Create(owner);
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        ServicesDataSetup.Configure(options, dataSource);
        await using (var db = new PortalDbContext(options.Options))
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (new NpgsqlConnectionStringBuilder(app).Username is { Length: > 0 } appRole)
        {
            await AppRoleRights.GrantAsync(dataSource, appRole, cancellationToken);
        }
    }
}
