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

namespace Services.Tests.Integration.Staff;

/// <summary>The desk's queries on real PostgreSQL: the service filter is applied before the page is cut.</summary>
public sealed class DeskQueriesTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
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

    private async Task<string> SubmitAsync(OnlineForm form, string unitName)
    {
        var draft = new DossierDraft
        {
            Id = Guid.CreateVersion7(), FormId = form.Id, TokenHash = [],
            Data = new Dictionary<string, string>
            {
                [FormJourney.ApplicantName] = "Lê Thị Hoa",
                [FormJourney.ApplicantDateOfBirth] = "1985-02-03",
                [FormJourney.ApplicantPhone] = "0912345678",
            },
        };
        var application = _app.Services.GetRequiredService<GenericFormService>()
            .Application(form, draft, unitName, "https://example.test/tra-cuu-ho-so", new Actor(null, null, null, "127.0.0.1", "Lê Thị Hoa"));
        return (await _app.Services.GetRequiredService<DossierSubmission>().SubmitAsync(application, CancellationToken.None)).TrackingCode;
    }
}
