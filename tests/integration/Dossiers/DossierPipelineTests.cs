using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Data;
using Services.Data.GenericForms;
using Services.Data.Identity;
using Services.Data.Workflows;
using Services.Tests.Integration.Infrastructure;
using Services.Web.Setup;
using Services.Workflows.Dossiers;
using Services.Workflows.GenericForms;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Dossiers;

/// <summary>Submission, decisions and supplements of a generic form, through the real services on real PostgreSQL.</summary>
public sealed class DossierPipelineTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private Microsoft.AspNetCore.Builder.WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        _app = PortalServices.Build(database, Path.Combine(Path.GetTempPath(), $"portal-it-{Guid.NewGuid():N}"));
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoCitySeed>().RunAsync(CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<OnlineFormSeed>().RunAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ADoubleSubmissionOfOneDraftCreatesOneDossierWithItsWorkflowAndTask()
    {
        var (form, draft) = await CompleteDraftAsync();
        var submission = _app.Services.GetRequiredService<DossierSubmission>();
        var request = Application(form, draft);
        var results = await Task.WhenAll(submission.SubmitAsync(request, CancellationToken.None), submission.SubmitAsync(request, CancellationToken.None));

        Assert.Equal(results[0].TrackingCode, results[1].TrackingCode);
        Assert.Single(results, r => r.Created);
        await using var db = database.CreateContext();
        Assert.Equal(1, await db.Dossiers.CountAsync(d => d.IdempotencyKey == draft.Id));
        var dossier = await db.Dossiers.SingleAsync(d => d.IdempotencyKey == draft.Id);
        Assert.Equal(GenericFormService.ServiceKey, dossier.ServiceKey);
        Assert.Equal(form.ProcessingDays, dossier.ProcessingDays);
        Assert.Equal(form.Id, (await db.GenericFormDossiers.SingleAsync(g => g.DossierId == dossier.Id)).FormId);
        Assert.Equal(1, await db.WorkflowInstances.CountAsync(i => i.Correlation == results[0].TrackingCode));
        Assert.Equal(1, await db.WorkflowTasks.CountAsync(t => t.Correlation == results[0].TrackingCode && t.Status == HumanTaskStatus.Open));
        Assert.Equal(1, await db.DossierDataVersions.CountAsync(v => v.DossierId == results[0].Id));
    }

    [Fact]
    public async Task ASubmissionIsWrittenInOneRoundTripAndARepeatOfItsKeyAnswersWithTheFirstDossier()
    {
        var (form, draft) = await CompleteDraftAsync();
        var submission = _app.Services.GetRequiredService<DossierSubmission>();
        await _app.Services.GetRequiredService<HolidayCalendar>().GetAsync(CancellationToken.None);
        var request = Application(form, draft);

        var (first, firstTrips) = await RoundTrips.CountAsync(() => submission.SubmitAsync(request, CancellationToken.None));
        var (repeat, repeatTrips) = await RoundTrips.CountAsync(() => submission.SubmitAsync(request, CancellationToken.None));

        Assert.True(first.Created);
        Assert.Equal(1, firstTrips);
        Assert.False(repeat.Created);
        Assert.Equal(first.Id, repeat.Id);
        Assert.Equal(first.TrackingCode, repeat.TrackingCode);
        // The batch the key's unique index refuses, then the read of the dossier the key submitted.
        Assert.Equal(2, repeatTrips);
        await using var db = database.CreateContext();
        Assert.Equal(1, await db.WorkflowTasks.CountAsync(t => t.Correlation == first.TrackingCode && t.Status == HumanTaskStatus.Open));
    }

    [Fact]
    public async Task ASupplementReturnsTheDossierToReviewAsANewDataVersion()
    {
        var (form, draft) = await CompleteDraftAsync();
        var submitted = await _app.Services.GetRequiredService<DossierSubmission>().SubmitAsync(
            Application(form, draft), CancellationToken.None);
        var tasks = _app.Services.GetRequiredService<TaskQueries>();
        var instanceId = (await _app.Services.GetRequiredService<InstanceQueries>().FindByCorrelationAsync(submitted.TrackingCode))!.Summary.Id;
        var review = Assert.Single(await tasks.ForInstanceAsync(instanceId));
        var staff = await StaffActorAsync(form.UnitId);
        var decided = await _app.Services.GetRequiredService<TaskService>().DecideAsync(review.Id, GenericFormWorkflow.Events.RequestSupplement, "Thiếu giấy khám bệnh.", staff);
        Assert.Equal(DecisionOutcome.Decided, decided.Outcome);

        await using var scope = _app.Services.CreateAsyncScope();
        var status = (await scope.ServiceProvider.GetRequiredService<DossierTracking>().FindAsync(submitted.TrackingCode, CancellationToken.None))!;
        Assert.Equal(GenericFormWorkflow.Steps.AwaitingSupplement, status.Instance!.CurrentStep);
        Assert.Equal("Thiếu giấy khám bệnh.", status.LastComment);

        var supplements = _app.Services.GetRequiredService<DossierSupplements>();
        Assert.Equal(SupplementResult.Accepted, await supplements.SubmitAsync(status, "Xin gửi giấy khám bệnh.", null, Citizen, CancellationToken.None));
        // The same (now stale) view cannot add a second supplement: the dossier has moved on.
        Assert.NotEqual(SupplementResult.Accepted, await supplements.SubmitAsync(status, "Lần nữa.", null, Citizen, CancellationToken.None));

        await using var db = database.CreateContext();
        var dossier = await db.Dossiers.SingleAsync(d => d.Id == submitted.Id);
        Assert.Equal(2, dossier.DataVersion);
        Assert.Equal("Xin gửi giấy khám bệnh.", dossier.Data["bo-sung-2-ghi-chu"]);
        var versions = await db.DossierDataVersions.Where(v => v.DossierId == dossier.Id).OrderBy(v => v.Version).ToListAsync();
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.Equal(["bo-sung-2-ghi-chu"], versions[1].ChangedKeys);
        var instance = await db.WorkflowInstances.SingleAsync(i => i.Id == instanceId);
        Assert.Equal(GenericFormWorkflow.Steps.Review, instance.CurrentStep);
        Assert.Single(await tasks.ForInstanceAsync(instanceId), t => t.Status == HumanTaskStatus.Open);
    }

    private DossierApplication Application(OnlineForm form, DossierDraft draft) =>
        _app.Services.GetRequiredService<GenericFormService>().Application(form, draft, "Trường Tiểu học Nguyễn Bỉnh Khiêm", "https://example.test/tra-cuu-ho-so", Citizen);

    private static readonly Actor Citizen = LeaveApplication.Citizen;

    private async Task<Actor> StaffActorAsync(Guid unitId)
    {
        await using var db = database.CreateContext();
        var staff = await db.UnitMemberships.FirstAsync(m => m.UnitId == unitId && m.Role == PortalRole.Staff);
        return new Actor(staff.UserId, PortalRole.Staff, unitId, "127.0.0.1", "Trần Văn Minh");
    }

    private async Task<(OnlineForm Form, DossierDraft Draft)> CompleteDraftAsync()
    {
        var (_, form, draft) = await LeaveApplication.CompleteDraftAsync(_app.Services, "th-nguyen-binh-khiem");
        Assert.Null(new FormJourney(form).FirstIncompleteStep(draft.Data, new DateOnly(2026, 11, 2)));
        return (form, draft);
    }
}
