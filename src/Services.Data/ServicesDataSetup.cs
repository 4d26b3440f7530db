using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Services.Data;

public static class ServicesDataSetup
{
    /// <summary>Registers the Npgsql data source and <see cref="PortalDbContext"/> (pooled).</summary>
    public static IServiceCollection AddServicesData(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Portal")
            ?? throw new InvalidOperationException("ConnectionStrings:Portal is not set (./portal sets it for the local cluster).");
        var dataSource = Pooled(connectionString);
        services.AddSingleton(dataSource);
        services.AddKeyedSingleton(Sessions, (_, _) => new NpgsqlDataSourceBuilder(connectionString) { ConnectionStringBuilder = { Pooling = false } }.Build());
        services.AddDbContextPool<PortalDbContext>(options => Configure(options, dataSource));
        return services;
    }

    /// <summary>The key of the unpooled data source for a connection that holds a session of its own (LISTEN, application_name).</summary>
    public const string Sessions = "sessions";

    /// <summary>
    /// The app's pool. A connection keeps its prepared statements between uses (ADR 0040): the statements the portal
    /// runs on every request are parsed and planned once per connection instead of on every run, and a connection
    /// returned to the pool is not reset — nothing the portal does outlives its transaction (SET LOCAL, transaction
    /// advisory locks, ON COMMIT DROP tables); a session of its own (LISTEN) takes an unpooled connection.
    /// </summary>
    public static NpgsqlDataSource Pooled(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.MaxAutoPrepare = 128;
        builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        return builder.Build();
    }

    public static void Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options
            .UseNpgsql(dataSource)
            // Migrations are SQL files without an EF model snapshot; MigrationsMatchTheModel guards drift instead.
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
}
