using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Data;
using Services.Data.Identity;
using Services.Tests.Integration.Infrastructure;
using Services.Web.Setup;
using Services.Workflows.Dossiers;
using Services.Workflows.Runtime;
using Services.Workflows.StudentStatus;

namespace Services.Tests.Integration.StudentStatus;

/// <summary>The second service through the shared pipeline: submitted, listed for staff, issued, and its certificate offered to the applicant.</summary>
public sealed class StudentStatusServiceTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private Microsoft.AspNetCore.Builder.WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        _app = PortalServices.Build(database, Path.Combine(Path.GetTempPath(), $"portal-it-{Guid.NewGuid():N}"));
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoCitySeed>().RunAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ARequestIsIssuedByStaffAndTheApplicantGetsTheCertificate()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var school = await db.Units.SingleAsync(u => u.Slug == "th-le-loi");
        var service = _app.Services.GetRequiredService<StudentStatusService>();
        var (request, errors) = StudentStatusRequest.From(new Dictionary<string, string?>
        {
            [StudentStatusRequest.ApplicantNameKey] = "Nguyễn Thị Lan",
            [StudentStatusRequest.ApplicantDateOfBirthKey] = "1988-04-12",
            [StudentStatusRequest.ApplicantPhoneKey] = "0903123456",
            [StudentStatusRequest.PupilNameKey] = "Trần Minh Khôi",
            [StudentStatusRequest.PupilDateOfBirthKey] = "2018-05-04",
            [StudentStatusRequest.PupilClassKey] = "3A2",
            [StudentStatusRequest.PurposeKey] = "hồ sơ học bổng",
        }, new DateOnly(2026, 11, 2));
        Assert.Empty(errors);
        var citizen = new Actor(null, null, null, "127.0.0.1", "Nguyễn Thị Lan");
        var key = Guid.NewGuid();
        var submission = _app.Services.GetRequiredService<DossierSubmission>();
        var submitted = await submission.SubmitAsync(service.Application(request!, school.Id, school.NameVi, key, "https://example.test/tra-cuu-ho-so", citizen),
            CancellationToken.None);
        var again = await submission.SubmitAsync(service.Application(request!, school.Id, school.NameVi, key, "https://example.test/tra-cuu-ho-so", citizen),
            CancellationToken.None);
        Assert.Equal(submitted.TrackingCode, again.TrackingCode);
        Assert.False(again.Created);

        var entry = Assert.Single((await scope.ServiceProvider.GetRequiredService<DeskQueries>().ListAsync(
            new DeskQuery(school.Id, [PortalRole.Staff]) { ServiceSlug = StudentStatusService.Slug }, CancellationToken.None)).Rows);
        Assert.Equal(submitted.TrackingCode, entry.TrackingCode);
        Assert.Equal(StudentStatusService.TitleVi, entry.ServiceTitleVi);

        var tracking = scope.ServiceProvider.GetRequiredService<DossierTracking>();
        var before = (await tracking.FindAsync(submitted.TrackingCode, CancellationToken.None))!;
        Assert.Same(service, before.Service);
        Assert.Equal("Đang xem xét", before.StepLabel);
        Assert.Null(service.DecisionDocument(before));
        var decisions = ServiceDefinition.DecisionsAt(before.Blueprint!, before.Instance!.CurrentStep);
        Assert.Equal([StudentStatusWorkflow.Events.Issue, StudentStatusWorkflow.Events.Refuse], decisions);
        Assert.Equal("Cấp giấy xác nhận", service.DecisionLabel(decisions[0]));

        var staff = await db.UnitMemberships.FirstAsync(m => m.UnitId == school.Id && m.Role == PortalRole.Staff);
        var decided = await _app.Services.GetRequiredService<TaskService>().DecideAsync(entry.Task!.Id, StudentStatusWorkflow.Events.Issue, null,
            new Actor(staff.UserId, PortalRole.Staff, school.Id, "127.0.0.1", "Lê Thị Hoa"));
        Assert.Equal(DecisionOutcome.Decided, decided.Outcome);

        var after = (await tracking.FindAsync(submitted.TrackingCode, CancellationToken.None))!;
        Assert.Equal("Đã cấp giấy xác nhận", after.StepLabel);
        Assert.True(after.IsFinished);
        Assert.Equal(CitizenActions.Rate, after.Actions);
        var certificate = service.DecisionDocument(after);
        Assert.NotNull(certificate);
        Assert.Equal($"giay-xac-nhan-{submitted.TrackingCode}.pdf", certificate.FileName);
        Assert.Equal("%PDF-"u8.ToArray(), certificate.Render()[..5]);
    }
}
