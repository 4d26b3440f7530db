using Microsoft.EntityFrameworkCore;
using Npgsql;
using Services.Data;

namespace Services.Tests.Integration.Infrastructure;

/// <summary>
/// A real PostgreSQL database created for one test class and dropped afterwards. The server comes from
/// <c>ConnectionStrings__PortalAdmin</c> (./portal test sets it); without it the tests fail, they never skip.
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    private readonly string _adminConnectionString = AdminConnectionString();
    private readonly string _appRolePassword = Guid.NewGuid().ToString("N");
    private string? _appRole;

    public string Name { get; } = $"portal_it_{Guid.NewGuid():N}"[..28];
    public string ConnectionString { get; private set; } = "";
    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public static string AdminConnectionString() =>
        Environment.GetEnvironmentVariable("ConnectionStrings__PortalAdmin")
        ?? throw new InvalidOperationException(
            "ConnectionStrings__PortalAdmin is not set: integration tests need a real PostgreSQL server. Run them with ./portal test.");

    public async Task InitializeAsync()
    {
        await using (var admin = new NpgsqlConnection(_adminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {Name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = Name, IncludeErrorDetail = true }.ConnectionString;
        DataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var db = CreateContext();
        await db.Database.MigrateAsync();
    }

    /// <summary>
    /// A login role with the application's rights only (as the migrate verb grants them), for tests that show what the
    /// app's own role cannot do. Roles are per server, so it is named after this database and dropped with it.
    /// </summary>
    public async Task<string> CreateAppRoleAsync()
    {
        var role = $"{Name}_app";
        if (_appRole is null)
        {
            await using (var admin = new NpgsqlConnection(_adminConnectionString))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE ROLE {role} LOGIN PASSWORD '{_appRolePassword}'", admin);
                await create.ExecuteNonQueryAsync();
            }

            _appRole = role;
            await AppRoleRights.GrantAsync(DataSource, role);
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Username = role, Password = _appRolePassword }.ConnectionString;
    }

    public PortalDbContext CreateContext()
    {
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        ServicesDataSetup.Configure(options, DataSource);
        return new PortalDbContext(options.Options);
    }

    public async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_adminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
        if (_appRole is not null)
        {
            await using var dropRole = new NpgsqlCommand($"DROP ROLE IF EXISTS {_appRole}", admin);
            await dropRole.ExecuteNonQueryAsync();
        }
    }
}
