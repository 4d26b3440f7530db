using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Services.Data;
using Services.Tests.Integration.Infrastructure;

namespace Services.Tests.Integration.Data;

/// <summary>Migration 20261128120000_ServiceSeam on a database holding a dossier of the old shape: the dossier keeps its form, now as service data.</summary>
public sealed class ServiceSeamMigrationTests : IAsyncLifetime
{
    private readonly string _name = $"portal_mig_{Guid.NewGuid():N}"[..28];
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        await using var admin = new NpgsqlConnection(TestDatabase.AdminConnectionString());
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {_name}", admin);
        await create.ExecuteNonQueryAsync();
        _connectionString = new NpgsqlConnectionStringBuilder(TestDatabase.AdminConnectionString()) { Database = _name }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestDatabase.AdminConnectionString());
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static NpgsqlBatchCommand Command(string sql, params Guid[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    [Fact]
    public async Task AnExistingDossierBecomesAGenericFormDossierWithItsTitleAndProcessingTime()
    {
        await using var dataSource = NpgsqlDataSource.Create(_connectionString);
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        ServicesDataSetup.Configure(options, dataSource);
        await using var db = new PortalDbContext(options.Options);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("20261121030000_Dossiers");

        var unitId = Guid.NewGuid();
        var formId = Guid.NewGuid();
        var dossierId = Guid.NewGuid();
        await using (var batch = dataSource.CreateBatch())
        {
            batch.BatchCommands.Add(Command(
                "INSERT INTO units (id, slug, name_vi, name_en, kind, address, phone, email, created_at) " +
                "VALUES ($1, 'th-cu', 'Trường cũ', 'Old school', 'PrimarySchool', '', '', '', now())", unitId));
            batch.BatchCommands.Add(Command(
                "INSERT INTO online_forms (id, unit_id, slug, title_vi, title_en, description_vi, description_en, processing_days, fields, status, version, " +
                "created_at, updated_at) VALUES ($1, $2, 'xin-nghi-hoc', 'Đơn xin nghỉ học', 'Leave of absence', '', '', 3, '[]', 'Published', 4, now(), now())",
                formId, unitId));
            batch.BatchCommands.Add(Command(
                "INSERT INTO dossiers (id, unit_id, form_id, form_version, service_slug, tracking_code, idempotency_key, applicant_name, " +
                "applicant_date_of_birth, data, data_version, submitted_at) " +
                "VALUES ($1, $2, $3, 2, 'xin-nghi-hoc', 'HS-26-2222-2222', gen_random_uuid(), 'Nguyễn Thị Lan', '1988-04-12', '{}', 1, now())",
                dossierId, unitId, formId));
            await batch.ExecuteNonQueryAsync();
        }

        await migrator.MigrateAsync();

        var dossier = await db.Dossiers.AsNoTracking().SingleAsync(d => d.Id == dossierId);
        Assert.Equal("generic-form", dossier.ServiceKey);
        Assert.Equal("Đơn xin nghỉ học", dossier.ServiceTitleVi);
        Assert.Equal("Leave of absence", dossier.ServiceTitleEn);
        Assert.Equal(3, dossier.ProcessingDays);
        var link = await db.GenericFormDossiers.AsNoTracking().SingleAsync(g => g.DossierId == dossierId);
        Assert.Equal(formId, link.FormId);
        Assert.Equal(2, link.FormVersion);
    }
}
