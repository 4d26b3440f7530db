using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Services.Data;
using Services.Data.GenericForms;
using Services.Data.Identity;
using Services.Tests.Integration.Infrastructure;
using Services.Web.Setup;
using Services.Workflows.Dossiers;
using Services.Workflows.GenericForms;

namespace Services.Tests.Integration.Staff;

/// <summary>
/// The desk's search by a name fragment on real PostgreSQL with statistics that lie (ADR 0032): PostgreSQL believes
/// thousands of dossiers match while a few hundred do. Whatever it believes, the statements the desk sends must find the dossiers
/// first through the trigram index, then reach their tasks and instances only through their tracking codes — never
/// by walking the unit's open tasks.
/// </summary>
public sealed class DeskSearchPlanTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const int Dossiers = 20_000;
    private const int Matching = 400;
    private Microsoft.AspNetCore.Builder.WebApplication _app = null!;

    public async Task InitializeAsync() => _app = await DemoFormDossiers.BuildSeededAsync(database);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ANameSearchIsDrivenByTheTrigramIndexWhateverTheStatisticsEstimate()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var unit = await db.Units.SingleAsync(u => u.Slug == "th-le-loi");
        var leave = await db.OnlineForms.AsNoTracking().SingleAsync(f => f.UnitId == unit.Id && f.Slug == OnlineFormSeed.LeaveOfAbsence);
        var model = await SubmitAsync(leave, unit.NameVi);

        // Copies of the model dossier with an open task each. ANALYZE sees a third of them with the name searched for;
        // then, with autovacuum off, all but a few hundred take another name: the statistics say thousands match. (Led
        // by such an estimate, the plain join walked the unit's open tasks in due order, probing each one's dossier.)
        await ExecuteAsync("ALTER TABLE dossiers SET (autovacuum_enabled = false); ALTER TABLE workflow_tasks SET (autovacuum_enabled = false)");
        await ExecuteAsync(
            "INSERT INTO dossiers SELECT (jsonb_populate_record(d, jsonb_build_object('id', gen_random_uuid(), 'tracking_code', 'PLAN-' || g, " +
            "'idempotency_key', gen_random_uuid(), 'applicant_name', CASE WHEN g % 3 = 0 THEN 'Phạm Thu Hà' ELSE 'Nguyễn Văn An' END))).* " +
            "FROM dossiers d, generate_series(1, $2) g WHERE d.tracking_code = $1",
            model, Dossiers);
        await ExecuteAsync(
            "INSERT INTO workflow_tasks SELECT (jsonb_populate_record(t, jsonb_build_object('id', gen_random_uuid(), 'correlation', 'PLAN-' || g))).* " +
            "FROM workflow_tasks t, generate_series(1, $2) g WHERE t.correlation = $1 AND t.status = 'Open'", model, Dossiers);
        await ExecuteAsync("VACUUM ANALYZE dossiers, workflow_tasks, workflow_instances");
        await ExecuteAsync("UPDATE dossiers SET applicant_name = 'Nguyễn Văn An' WHERE applicant_name = 'Phạm Thu Hà' AND tracking_code NOT IN (SELECT 'PLAN-' || (3 * g) FROM generate_series(1, $1) g)", Matching);
        Assert.True(await ScalarAsync<bool>(
            "SELECT most_common_freqs[array_position(most_common_vals::text::text[], 'Phạm Thu Hà')] > 0.3 FROM pg_stats " +
            "WHERE tablename = 'dossiers' AND attname = 'applicant_name'"));
        var explained = new ExplainingInterceptor();
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        ServicesDataSetup.Configure(options, database.DataSource);
        await using var explainedDb = new PortalDbContext(options.AddInterceptors(explained).Options);
        var desk = new DeskQueries(explainedDb, scope.ServiceProvider.GetRequiredService<ServiceDefinitions>(), TimeProvider.System);

        var found = await desk.ListAsync(new DeskQuery(unit.Id, [PortalRole.Staff]) { Search = "Thu Hà" }, CancellationToken.None);

        Assert.Equal(Matching, found.Counts.ToReceive);
        Assert.Equal(DeskQueries.PageSize, found.Rows.Count);
        Assert.All(found.Rows, r => Assert.Equal("Phạm Thu Hà", r.ApplicantName));
        // The counts of tasks, of waiting and of returned dossiers, and the page: every statement of the search.
        Assert.Equal(4, explained.Plans.Count);
        Assert.All(explained.Plans, plan =>
        {
            Assert.Contains("CTE found", plan, StringComparison.Ordinal);
            Assert.Contains("Bitmap Index Scan on ix_dossiers_applicant_name_trgm", plan, StringComparison.Ordinal);
            Assert.DoesNotContain("Seq Scan on dossiers", plan, StringComparison.Ordinal);
            Assert.DoesNotContain("Seq Scan on workflow_tasks", plan, StringComparison.Ordinal);
            Assert.DoesNotContain("ix_workflow_tasks_unit_id", plan, StringComparison.Ordinal);
            Assert.DoesNotContain("Seq Scan on workflow_instances", plan, StringComparison.Ordinal);
        });
        Assert.Contains(explained.Plans, plan => plan.Contains("Index Scan using ix_workflow_tasks_correlation on workflow_tasks", StringComparison.Ordinal));
    }

    private async Task ExecuteAsync(string sql, params object[] values)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync();
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private Task<string> SubmitAsync(OnlineForm form, string unitName) => DemoFormDossiers.SubmitAsync(_app, form, unitName, "Nguyễn Văn An");

    /// <summary>Before each statement of the desk's search runs, asks PostgreSQL for its plan with the same parameters.</summary>
    private sealed class ExplainingInterceptor : DbCommandInterceptor
    {
        public List<string> Plans { get; } = [];

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("AS MATERIALIZED", StringComparison.Ordinal))
            {
                await using var explain = new NpgsqlCommand("EXPLAIN " + command.CommandText, (NpgsqlConnection)command.Connection!, (NpgsqlTransaction?)command.Transaction);
                foreach (NpgsqlParameter parameter in command.Parameters)
                {
                    explain.Parameters.Add(parameter.Clone());
                }

                var lines = new List<string>();
                await using (var reader = await explain.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        lines.Add(reader.GetString(0));
                    }
                }

                Plans.Add(string.Join('\n', lines));
            }

            return result;
        }
    }
}
