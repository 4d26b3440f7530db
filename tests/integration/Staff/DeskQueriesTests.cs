using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Data;
using Services.Data.GenericForms;
using Services.Data.Identity;
using Services.Tests.Integration.Infrastructure;
using Services.Web.Setup;
using Services.Workflows.Dossiers;
using Services.Workflows.GenericForms;
using Services.Workflows.Runtime;
using Services.Data.Workflows;

namespace Services.Tests.Integration.Staff;

/// <summary>The desk's queries on real PostgreSQL: the service filter is applied before the page is cut.</summary>
public sealed class DeskQueriesTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private Microsoft.AspNetCore.Builder.WebApplication _app = null!;

    public async Task InitializeAsync() => _app = await DemoFormDossiers.BuildSeededAsync(database);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task FilteringByServiceFindsTheServicesTaskBehindAFullPageOfAnother()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var unit = await db.Units.SingleAsync(u => u.Slug == "th-le-loi");
        var leave = await db.OnlineForms.AsNoTracking().SingleAsync(f => f.UnitId == unit.Id && f.Slug == OnlineFormSeed.LeaveOfAbsence);
        var recheck = await db.OnlineForms.AsNoTracking().SingleAsync(f => f.UnitId == unit.Id && f.Slug == OnlineFormSeed.TestRecheck);
        // The re-check takes longer than leave (5 working days against 1), so its task is due last and sorts behind the others.
        Assert.True(recheck.ProcessingDays > leave.ProcessingDays);
        for (var i = 0; i <= DeskQueries.PageSize; i++)
        {
            await SubmitAsync(leave, unit.NameVi);
        }

        var code = await SubmitAsync(recheck, unit.NameVi);
        var desk = scope.ServiceProvider.GetRequiredService<DeskQueries>();

        var all = await desk.ListAsync(new DeskQuery(unit.Id, [PortalRole.Staff]), CancellationToken.None);
        Assert.Equal(DeskQueries.PageSize, all.Rows.Count);
        Assert.Equal(DeskQueries.PageSize + 2, all.Counts.ToReceive);
        Assert.DoesNotContain(all.Rows, e => e.TrackingCode == code);

        var filtered = await desk.ListAsync(new DeskQuery(unit.Id, [PortalRole.Staff]) { ServiceSlug = OnlineFormSeed.TestRecheck }, CancellationToken.None);
        var entry = Assert.Single(filtered.Rows);
        Assert.Equal(code, entry.TrackingCode);
        Assert.Equal(recheck.TitleVi, entry.ServiceTitleVi);
        Assert.Equal(1, filtered.Counts.ToReceive);
    }

    [Fact]
    public async Task TheUnfilteredCountsReadWithoutDossiersEqualTheJoinedCountsAndLeaveOutOtherWork()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var unit = await db.Units.SingleAsync(u => u.Slug == "thcs-tran-hung-dao");
        var leave = await db.OnlineForms.AsNoTracking().SingleAsync(f => f.UnitId == unit.Id && f.Slug == OnlineFormSeed.LeaveOfAbsence);
        var codes = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            codes.Add(await SubmitAsync(leave, unit.NameVi));
        }

        // One claimed, one overdue, one waiting for the applicant, one returned — written straight into the rows, since
        // the point here is that both ways of counting read the same rows the same way.
        var staff = Guid.CreateVersion7();
        await db.WorkflowTasks.Where(t => t.Correlation == codes[0]).ExecuteUpdateAsync(u => u.SetProperty(t => t.AssigneeId, staff).SetProperty(t => t.AssigneeName, "Cán bộ A"));
        await db.WorkflowTasks.Where(t => t.Correlation == codes[1]).ExecuteUpdateAsync(u => u.SetProperty(t => t.DueAt, DateTimeOffset.UtcNow.AddDays(-3)));
        await db.WorkflowTasks.Where(t => t.Correlation == codes[2] || t.Correlation == codes[3]).ExecuteUpdateAsync(u => u.SetProperty(t => t.Status, HumanTaskStatus.Cancelled));
        await db.WorkflowInstances.Where(i => i.Correlation == codes[2]).ExecuteUpdateAsync(u => u.SetProperty(i => i.CurrentStep, GenericFormWorkflow.Steps.AwaitingSupplement));
        await db.WorkflowInstances.Where(i => i.Correlation == codes[3]).ExecuteUpdateAsync(u => u.SetProperty(i => i.Status, WorkflowStatus.Completed));

        // Work of the same unit and role that is no dossier's (another workflow, e.g. a certificate change): not on the desk.
        var other = new WorkflowInstance
        {
            Id = Guid.CreateVersion7(), DefinitionName = "certificate-change", DefinitionVersion = 1, Status = WorkflowStatus.Running, CurrentStep = "approval",
            UnitId = unit.Id, Correlation = $"CC-{Guid.NewGuid():N}", LastJournalHash = "", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.WorkflowInstances.Add(other);
        db.WorkflowTasks.Add(new WorkflowTask
        {
            Id = Guid.CreateVersion7(), InstanceId = other.Id, DefinitionName = other.DefinitionName, Correlation = other.Correlation, Step = "approval",
            UnitId = unit.Id, Role = nameof(PortalRole.Staff), Status = HumanTaskStatus.Open, CreatedAt = DateTimeOffset.UtcNow, DueAt = DateTimeOffset.UtcNow.AddDays(-1),
        });
        await db.SaveChangesAsync();

        var desk = scope.ServiceProvider.GetRequiredService<DeskQueries>();
        var unfiltered = await desk.ListAsync(new DeskQuery(unit.Id, [PortalRole.Staff]), CancellationToken.None);
        // Every dossier of this test has the same applicant: searching for her name goes through the dossiers.
        var joined = await desk.ListAsync(new DeskQuery(unit.Id, [PortalRole.Staff]) { Search = "Thị Hoa" }, CancellationToken.None);
        Assert.Equal(new DeskCounts(ToReceive: 3, InProgress: 1, WaitingForApplicant: 1, Returned: 1, Overdue: 1), unfiltered.Counts);
        Assert.Equal(unfiltered.Counts, joined.Counts);
        Assert.Equal(joined.Rows.Select(r => r.TrackingCode), unfiltered.Rows.Select(r => r.TrackingCode));
        Assert.DoesNotContain(unfiltered.Rows, r => r.TrackingCode == other.Correlation);

        var overdue = await desk.ListAsync(new DeskQuery(unit.Id, [PortalRole.Staff]) { Tab = DeskTab.Overdue }, CancellationToken.None);
        Assert.Equal(codes[1], Assert.Single(overdue.Rows).TrackingCode);
        var waiting = await desk.ListAsync(new DeskQuery(unit.Id, [PortalRole.Staff]) { Tab = DeskTab.WaitingForApplicant }, CancellationToken.None);
        Assert.Equal(codes[2], Assert.Single(waiting.Rows).TrackingCode);
        var mine = await desk.ListAsync(new DeskQuery(unit.Id, [PortalRole.Staff]) { Tab = DeskTab.InProgress, OnlyMine = staff }, CancellationToken.None);
        Assert.Equal(codes[0], Assert.Single(mine.Rows).TrackingCode);
        Assert.Equal(1, mine.Counts.InProgress);
    }

    [Fact]
    public async Task TheAwaitingApplicantFlagIsSetExactlyAtTheServicesStepsWithTheSupplementAction()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var registry = scope.ServiceProvider.GetRequiredService<WorkflowRegistry>();
        var unit = await db.Units.FirstAsync();
        // One instance in each step of each service's workflow; PostgreSQL computes the flag the desk's index holds.
        var expected = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var service in scope.ServiceProvider.GetRequiredService<ServiceDefinitions>().All)
        {
            foreach (var step in registry.Latest(service.Workflow.Name).Steps)
            {
                var correlation = $"FLAG-{Guid.NewGuid():N}";
                expected[correlation] = service.ActionsAt(step.Name).HasFlag(CitizenActions.Supplement);
                db.WorkflowInstances.Add(new WorkflowInstance
                {
                    Id = Guid.CreateVersion7(), DefinitionName = service.Workflow.Name, DefinitionVersion = 1, Status = WorkflowStatus.Running,
                    CurrentStep = step.Name, UnitId = unit.Id, Correlation = correlation, LastJournalHash = "", CreatedAt = DateTimeOffset.UtcNow,
                    UpdatedAt = DateTimeOffset.UtcNow,
                });
            }
        }

        await db.SaveChangesAsync();

        var actual = await db.WorkflowInstances.AsNoTracking().Where(i => i.Correlation.StartsWith("FLAG-"))
            .ToDictionaryAsync(i => i.Correlation, i => i.AwaitingApplicant, StringComparer.Ordinal);
        Assert.Equal(expected.OrderBy(e => e.Key), actual.OrderBy(e => e.Key));
        Assert.Contains(true, expected.Values);
    }

    private Task<string> SubmitAsync(OnlineForm form, string unitName) => DemoFormDossiers.SubmitAsync(_app, form, unitName, "Lê Thị Hoa");
}
