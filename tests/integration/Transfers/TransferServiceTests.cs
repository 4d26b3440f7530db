using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Services.Data;
using Services.Data.Identity;
using Services.Data.Units;
using Services.Data.Workflows;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Samples;
using Services.Web;
using Services.Web.Setup;
using Services.Workflows.Dossiers;
using Services.Workflows.Runtime;
using Services.Workflows.Transfers;

namespace Services.Tests.Integration.Transfers;

/// <summary>
/// School transfers through the shared pipeline on real PostgreSQL: the two schools act in parallel, each only on its
/// own step and only while it is theirs; across districts the receiving district office approves last; a refusal
/// anywhere ends the transfer with the reason the parent reads.
/// </summary>
public sealed class TransferServiceTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 9, 8, 9, 0, 0, TimeSpan.FromHours(7)));
    private Microsoft.AspNetCore.Builder.WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        _app = PortalApp.Build([], builder =>
        {
            builder.Configuration["ConnectionStrings:Portal"] = database.ConnectionString;
            builder.Configuration["Portal:DataPath"] = Path.Combine(Path.GetTempPath(), $"portal-it-{Guid.NewGuid():N}");
        }, services => services.AddSingleton<TimeProvider>(_clock));
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoCitySeed>().RunAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ACrossDistrictTransferGoesThroughBothSchoolsThenTheReceivingDistrictOfficeEachActingOnlyOnItsOwnStep()
    {
        var units = await UnitsAsync();
        var submitted = await SubmitAsync("th-nguyen-binh-khiem", "th-le-loi", "lan.chuyen@example.vn");
        var sending = await StaffOfAsync(units["th-nguyen-binh-khiem"], PortalRole.Staff);
        var receiving = await StaffOfAsync(units["th-le-loi"], PortalRole.Staff);
        var longHoa = await StaffOfAsync(units["phong-gd-long-hoa"], PortalRole.DistrictOfficer);
        var binhAn = await StaffOfAsync(units["phong-gd-binh-an"], PortalRole.DistrictOfficer);

        // Each school finds its own step in its own queue; the district offices find nothing yet.
        var sendingTask = Assert.Single(await QueueAsync(units["th-nguyen-binh-khiem"], PortalRole.Staff, submitted.TrackingCode));
        var receivingTask = Assert.Single(await QueueAsync(units["th-le-loi"], PortalRole.Staff, submitted.TrackingCode));
        Assert.Equal((TransferWorkflow.Steps.SendingSchool, TransferWorkflow.Steps.ReceivingSchool), (sendingTask.Step, receivingTask.Step));
        Assert.Equal(submitted.TrackingCode, receivingTask.TrackingCode);
        Assert.Empty(await QueueAsync(units["phong-gd-long-hoa"], PortalRole.DistrictOfficer, submitted.TrackingCode));

        var tasks = _app.Services.GetRequiredService<TaskService>();
        var notTheirs = await Assert.ThrowsAsync<TaskActionRefusedException>(() =>
            tasks.DecideAsync(sendingTask.Task!.Id, TransferWorkflow.Events.Agree, null, receiving));
        Assert.Equal(TaskRefusal.NotYourTask, notTheirs.Reason);
        notTheirs = await Assert.ThrowsAsync<TaskActionRefusedException>(() =>
            tasks.DecideAsync(receivingTask.Task!.Id, TransferWorkflow.Events.Agree, null, sending));
        Assert.Equal(TaskRefusal.NotYourTask, notTheirs.Reason);

        Assert.Equal(DecisionOutcome.Decided, (await tasks.DecideAsync(receivingTask.Task!.Id, TransferWorkflow.Events.Agree, null, receiving)).Outcome);
        // The receiving school's step is over: it leaves their queue while the sending school's stays.
        Assert.Empty(await QueueAsync(units["th-le-loi"], PortalRole.Staff, submitted.TrackingCode));
        Assert.Single(await QueueAsync(units["th-nguyen-binh-khiem"], PortalRole.Staff, submitted.TrackingCode));
        Assert.Equal(DecisionOutcome.Decided, (await tasks.DecideAsync(sendingTask.Task!.Id, TransferWorkflow.Events.Agree, null, sending)).Outcome);
        // Both schools have agreed; whether a district office comes next is decided on the timer.
        Assert.Equal("Hai trường đã đồng ý", (await StatusAsync(submitted.TrackingCode)).StepLabel);

        await RunTimersAsync();
        Assert.Empty(await QueueAsync(units["th-nguyen-binh-khiem"], PortalRole.Staff, submitted.TrackingCode));
        Assert.Empty(await QueueAsync(units["phong-gd-binh-an"], PortalRole.DistrictOfficer, submitted.TrackingCode));
        var districtTask = Assert.Single(await QueueAsync(units["phong-gd-long-hoa"], PortalRole.DistrictOfficer, submitted.TrackingCode));
        Assert.Equal(TransferWorkflow.Steps.District, districtTask.Step);

        // Neither school, nor the other district office, may decide the district office's step.
        foreach (var outsider in new[] { sending, receiving, binhAn })
        {
            var refused = await Assert.ThrowsAsync<TaskActionRefusedException>(() =>
                tasks.DecideAsync(districtTask.Task!.Id, TransferWorkflow.Events.Agree, null, outsider));
            Assert.Equal(TaskRefusal.NotYourTask, refused.Reason);
        }

        // A school's decided task cannot be decided again once the dossier has moved on.
        var again = await tasks.DecideAsync(receivingTask.Task!.Id, TransferWorkflow.Events.Refuse, "muộn", receiving);
        Assert.Equal(DecisionOutcome.AlreadyDecided, again.Outcome);

        Assert.Equal(DecisionOutcome.Decided, (await tasks.DecideAsync(districtTask.Task!.Id, TransferWorkflow.Events.Agree, null, longHoa)).Outcome);
        var after = await StatusAsync(submitted.TrackingCode);
        Assert.Equal("Đã chấp thuận chuyển trường", after.StepLabel);
        Assert.True(after.IsFinished);
        Assert.Equal(
            [TransferWorkflow.Steps.Schools, TransferWorkflow.Steps.Routing, TransferWorkflow.Steps.District, TransferWorkflow.Steps.Approved],
            after.History.Select(h => h.Step).ToArray());
        Assert.Equal(["Hai trường đang xem xét", "Hai trường đã đồng ý", "Phòng giáo dục đang phê duyệt", "Đã chấp thuận chuyển trường"],
            after.History.Select(h => h.Title).ToArray());

        var letter = after.Service.DecisionDocument(after);
        Assert.NotNull(letter);
        Assert.Equal($"quyet-dinh-chuyen-truong-{submitted.TrackingCode}.pdf", letter.FileName);
        Assert.Equal("%PDF-"u8.ToArray(), letter.Render()[..5]);
        var data = TransferService.LetterData(after.Dossier.Data, submitted.TrackingCode, new DateOnly(2026, 9, 10));
        Assert.Equal(("Phòng Giáo dục và Đào tạo huyện Long Hòa", "TRƯỞNG PHÒNG", "Bạch Đằng"), (data.IssuerName, data.SignerTitle, data.Place));

        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM outbox_messages WHERE channel = 'Email' AND recipient = $1 AND subject LIKE $2",
            "lan.chuyen@example.vn", $"[{submitted.TrackingCode}] Đã chấp thuận chuyển trường"));
    }

    [Fact]
    public async Task TheReceivingSchoolsRefusalEndsTheTransferAtOnceWithItsReasonForTheParent()
    {
        var units = await UnitsAsync();
        var submitted = await SubmitAsync("th-nguyen-binh-khiem", "th-le-loi", "binh.tuchoi@example.vn");
        var receivingTask = Assert.Single(await QueueAsync(units["th-le-loi"], PortalRole.Staff, submitted.TrackingCode));
        var tasks = _app.Services.GetRequiredService<TaskService>();
        var reason = "Khối lớp 3 đã đủ sĩ số";
        await tasks.DecideAsync(receivingTask.Task!.Id, TransferWorkflow.Events.Refuse, reason, await StaffOfAsync(units["th-le-loi"], PortalRole.Staff));

        var after = await StatusAsync(submitted.TrackingCode);
        Assert.Equal("Không chấp thuận chuyển trường", after.StepLabel);
        Assert.True(after.IsFinished);
        Assert.Equal(reason, after.LastComment);
        Assert.Null(after.Service.DecisionDocument(after));
        // The sending school's step was cancelled with it: nothing is left in its queue.
        Assert.Empty(await QueueAsync(units["th-nguyen-binh-khiem"], PortalRole.Staff, submitted.TrackingCode));
        var message = await ScalarAsync<string>("SELECT body FROM outbox_messages WHERE channel = 'Email' AND recipient = $1 AND subject LIKE '%Không chấp thuận%'",
            "binh.tuchoi@example.vn");
        Assert.Contains($"Lý do: {reason}", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithinOneDistrictNoOfficeApprovesAndTheReceivingSchoolIssuesTheDecision()
    {
        var units = await UnitsAsync();
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            if (!await db.Units.AnyAsync(u => u.Slug == "th-hoa-binh"))
            {
                db.Units.Add(new Unit
                {
                    Slug = "th-hoa-binh", NameVi = "Trường Tiểu học Hòa Bình", NameEn = "Hoa Binh Primary School", Kind = UnitKind.PrimarySchool,
                    ParentId = units["phong-gd-binh-an"], Address = "1 Hòa Bình, quận Bình An", Phone = "028 3822 7009", Email = "thhoabinh@demo.edu.vn",
                    CreatedAt = _clock.GetUtcNow(),
                });
                await db.SaveChangesAsync();
            }
        }

        units = await UnitsAsync();
        var submitted = await SubmitAsync("th-nguyen-binh-khiem", "th-hoa-binh", null);
        var tasks = _app.Services.GetRequiredService<TaskService>();
        var membership = await StaffOfAsync(units["th-nguyen-binh-khiem"], PortalRole.Staff);
        // The new school has no staff yet: give the demo staff member of the sending school a seat there too.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            if (!await db.UnitMemberships.AnyAsync(m => m.UnitId == units["th-hoa-binh"]))
            {
                db.UnitMemberships.Add(new UnitMembership { UserId = membership.UserId!.Value, UnitId = units["th-hoa-binh"], Role = PortalRole.Staff, GrantedAt = _clock.GetUtcNow() });
                await db.SaveChangesAsync();
            }
        }

        var receiving = membership with { UnitId = units["th-hoa-binh"] };
        await tasks.DecideAsync(Assert.Single(await QueueAsync(units["th-nguyen-binh-khiem"], PortalRole.Staff, submitted.TrackingCode)).Task!.Id, TransferWorkflow.Events.Agree, null, membership);
        await tasks.DecideAsync(Assert.Single(await QueueAsync(units["th-hoa-binh"], PortalRole.Staff, submitted.TrackingCode)).Task!.Id, TransferWorkflow.Events.Agree, null, receiving);
        await RunTimersAsync();

        var after = await StatusAsync(submitted.TrackingCode);
        Assert.Equal(TransferWorkflow.Steps.Approved, after.Instance!.CurrentStep);
        Assert.Empty(await QueueAsync(units["phong-gd-binh-an"], PortalRole.DistrictOfficer, submitted.TrackingCode));
        // The parent's timeline never speaks of a district office that has no part in this transfer.
        Assert.Equal(["Hai trường đang xem xét", "Hai trường đã đồng ý", "Đã chấp thuận chuyển trường"], after.History.Select(h => h.Title).ToArray());
        Assert.Equal(TransferService.ProcessingDays(crossDistrict: false), after.Dossier.ProcessingDays);
        var data = TransferService.LetterData(after.Dossier.Data, submitted.TrackingCode, new DateOnly(2026, 9, 10));
        Assert.Equal(("Trường Tiểu học Hòa Bình", "HIỆU TRƯỞNG", "Phòng Giáo dục và Đào tạo quận Bình An"), (data.IssuerName, data.SignerTitle, data.SuperiorName));
    }

    [Fact]
    public async Task ASchoolOfAnotherLevelOrTheSendingSchoolItselfIsNotAReceivingSchool()
    {
        var units = await UnitsAsync();
        var service = _app.Services.GetRequiredService<TransferService>();
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        foreach (var wrong in new[] { "thcs-chu-van-an", "th-nguyen-binh-khiem", "phong-gd-long-hoa", "mn-hoa-sen" })
        {
            var request = Request(units[wrong], null);
            Assert.Null(await service.ApplicationAsync(db, request, units["th-nguyen-binh-khiem"], Guid.NewGuid(), "https://example.test/tra-cuu-ho-so",
                Citizen, CancellationToken.None));
        }

        // A preschool and a district office offer no transfer at all.
        Assert.Empty(await service.OfferingsAsync(db, units["mn-hoa-sen"], false, CancellationToken.None));
        Assert.Empty(await service.OfferingsAsync(db, units["phong-gd-long-hoa"], false, CancellationToken.None));
        Assert.Single(await service.OfferingsAsync(db, units["thcs-chu-van-an"], false, CancellationToken.None));
    }

    private static readonly Actor Citizen = new(null, null, null, "127.0.0.1", "Nguyễn Thị Lan");

    private static TransferRequest Request(Guid receivingId, string? email) =>
        new("Nguyễn Thị Lan", new DateOnly(1988, 4, 12), "0903123456", email, "Trần Minh Khôi", new DateOnly(2018, 5, 4), "3A2", 3, receivingId,
            "gia đình chuyển nơi cư trú");

    private async Task<SubmittedDossier> SubmitAsync(string from, string to, string? email)
    {
        var units = await UnitsAsync();
        var service = _app.Services.GetRequiredService<TransferService>();
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var key = Guid.NewGuid();
        var application = await service.ApplicationAsync(db, Request(units[to], email), units[from], key, "https://example.test/tra-cuu-ho-so", Citizen,
            CancellationToken.None);
        Assert.NotNull(application);
        var submission = _app.Services.GetRequiredService<DossierSubmission>();
        var submitted = await submission.SubmitAsync(application, CancellationToken.None);
        // The same key lands on the same dossier.
        Assert.Equal(submitted.TrackingCode, (await submission.SubmitAsync(application, CancellationToken.None)).TrackingCode);
        return submitted;
    }

    private async Task<Dictionary<string, Guid>> UnitsAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Units.ToDictionaryAsync(u => u.Slug, u => u.Id);
    }

    /// <summary>A person acting for <paramref name="unitId"/> in <paramref name="role"/>: the demo account of that seat, or one given the seat here.</summary>
    private async Task<Actor> StaffOfAsync(Guid unitId, PortalRole role)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var membership = await db.UnitMemberships.FirstOrDefaultAsync(m => m.UnitId == unitId && m.Role == role);
        if (membership is null)
        {
            // Long Hòa has no demo district officer: Bình An's officer is given that seat too.
            var officer = await db.UnitMemberships.FirstAsync(m => m.Role == role);
            membership = new UnitMembership { UserId = officer.UserId, UnitId = unitId, Role = role, GrantedAt = _clock.GetUtcNow() };
            db.UnitMemberships.Add(membership);
            await db.SaveChangesAsync();
        }

        return new Actor(membership.UserId, role, unitId, "127.0.0.1", $"Cán bộ {role}");
    }

    /// <summary>The unit's queue of transfers, as far as it shows the dossier <paramref name="code"/> (the tests share one database).</summary>
    private async Task<IReadOnlyList<DeskRow>> QueueAsync(Guid unitId, PortalRole role, string code)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var desk = await scope.ServiceProvider.GetRequiredService<DeskQueries>().ListAsync(
            new DeskQuery(unitId, [role]) { ServiceSlug = TransferService.Slug, Search = code }, CancellationToken.None);
        return desk.Rows.Where(e => e.TrackingCode == code).ToList();
    }

    private async Task<DossierStatus> StatusAsync(string code)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<DossierTracking>().FindAsync(code, CancellationToken.None))!;
    }

    private async Task RunTimersAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<TimerWorker>().RunOnceAsync(CancellationToken.None) > 0);
    }

    private Task<long> CountAsync(string sql, params object[] args) => ScalarAsync<long>(sql, args);

    private async Task<T> ScalarAsync<T>(string sql, params object[] args)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var arg in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = arg });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }
}
