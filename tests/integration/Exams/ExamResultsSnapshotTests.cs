using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Services.Tests.Integration.Infrastructure;
using Services.Workflows.Exams;
using Services.Workflows.Regrading;

namespace Services.Tests.Integration.Exams;

/// <summary>
/// The results snapshots of ADR 0037 on real PostgreSQL: a lookup answered from memory, with no round trip, is exactly
/// what the database answers; a change on this node is seen at once and one on another node within the exams cache's
/// lifetime; nothing is held or shown before the publication minute.
/// </summary>
public sealed class ExamResultsSnapshotTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string File = """
        so_bao_danh,ho_ten,ngay_sinh,truong,phong_thi,Toán,Ngữ văn,Tiếng Anh
        01000001,Nguyễn Văn An,05/03/2009,THPT Lê Quý Đôn,P01,8.25,7.5,10
        01000002,Trần Thị Bích Ngọc,31/12/2008,THPT Chu Văn An,P01,,6,0
        01000003,Đặng Hữu Ẩn,01/01/2009,THPT Lê Quý Đôn,P02,9,"8,50",
        AB000004,Lê Thị Hồng,15/07/2009,THPT Nguyễn Trãi,P02,5.75,4.5,3.25
        """;

    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task TheSnapshotAnswersExactlyWhatTheDatabaseAnswers()
    {
        var exam = await PublishedAsync();
        await using (var db = database.CreateContext())
        {
            Assert.True(await exam.Registry(db).SetRegradingAsync(exam.UnitId, exam.ExamId, ExamFixture.Start.AddDays(7), 30_000, None));
        }

        // Re-grades written as the publication step writes them: one candidate with two papers, one with a paper that had no score.
        await using (var regrades = database.DataSource.CreateCommand(
            """
            INSERT INTO exam_score_changes (id, exam_id, number, subject, old_score, new_score, tracking_code, changed_at) VALUES
                (gen_random_uuid(), @exam, '01000001', 'Toán', 8.25, 9.00, 'PK-0001', @at),
                (gen_random_uuid(), @exam, '01000001', 'Ngữ văn', 7.5, 8, 'PK-0001', @at),
                (gen_random_uuid(), @exam, '01000002', 'Toán', NULL, 5.5, 'PK-0002', @later);
            UPDATE exam_candidates SET scores = scores || '{"Toán": 9.00, "Ngữ văn": 8}' WHERE exam_id = @exam AND number = '01000001';
            UPDATE exam_candidates SET scores = scores || '{"Toán": 5.5}' WHERE exam_id = @exam AND number = '01000002';
            -- Written by SQL arithmetic rather than the importer: the same values with many trailing zeros.
            UPDATE exam_candidates SET scores = jsonb_build_object('Toán', 7 / 4.0, 'Tiếng Anh', 1 / 4.0) WHERE exam_id = @exam AND number = 'AB000004';
            """))
        {
            regrades.Parameters.AddWithValue("exam", exam.ExamId);
            regrades.Parameters.AddWithValue("at", ExamFixture.Start.AddDays(2).AddTicks(1234560));
            regrades.Parameters.AddWithValue("later", ExamFixture.Start.AddDays(3));
            await regrades.ExecuteNonQueryAsync();
        }

        exam.Announced.Forget();
        await exam.Snapshots.RefreshAsync(None);
        Assert.Equal(4, exam.Snapshots.Held[exam.ExamId].Candidates);
        var databaseNode = Node.Results(database, exam.Clock);
        string[] numbers = ["01000001", "01000002", "01000003", "AB000004", "ab000004", "01000000", "01000005", "ZZ", "0100000", "010000011", ""];
        foreach (var number in numbers)
        {
            var fromDatabase = await databaseNode.FindAsync(exam.ExamId, number, None);
            var fromMemory = await FromMemoryAsync(exam.Results, exam.ExamId, number);
            Assert.Equal(Describe(fromDatabase), Describe(fromMemory));
        }

        // The sample covers what it claims: history, a missing score, a scale kept, the window, unknown numbers.
        var an = await FromMemoryAsync(exam.Results, exam.ExamId, "01000001");
        Assert.Equal(2, an!.History.Count);
        Assert.Equal(8.25m, an.ScoreBefore("Toán"));
        Assert.Equal("9.00", Score(an, "Toán"));
        Assert.Equal(ExamFixture.Start.AddDays(7), an.RegradeUntil);
        Assert.Null((await FromMemoryAsync(exam.Results, exam.ExamId, "01000003"))!.Scores[2].Score);
        Assert.Equal("8.50", Score(await FromMemoryAsync(exam.Results, exam.ExamId, "01000003"), "Ngữ văn"));
        Assert.Equal("1.7500000000000000", Score(await FromMemoryAsync(exam.Results, exam.ExamId, "AB000004"), "Toán"));
        Assert.Null(await FromMemoryAsync(exam.Results, exam.ExamId, "ab000004"));
    }

    [Fact]
    public async Task AChangeIsSeenAtOnceOnItsNodeAndWithinTheCacheLifetimeOnOthers()
    {
        var exam = await PublishedAsync();
        await exam.Snapshots.RefreshAsync(None);
        Assert.Equal("8.25", Score(await FromMemoryAsync(exam.Results, exam.ExamId, "01000001"), "Toán"));

        // A corrected file imported on this node: the next lookup reads the database, the next pass rebuilds.
        await exam.Importer.ImportAsync(exam.ExamId, ExamFixture.File("""
            so_bao_danh,ho_ten,ngay_sinh,truong,phong_thi,Toán
            01000001,Nguyễn Văn An,05/03/2009,THPT Lê Quý Đôn,P01,8.5
            01000009,Phạm Minh Khôi,09/09/2009,THPT Chu Văn An,P03,7
            """), null, None);
        Assert.Equal("8.5", Score(await exam.Results.FindAsync(exam.ExamId, "01000001", None), "Toán"));
        Assert.Equal("Phạm Minh Khôi", (await exam.Results.FindAsync(exam.ExamId, "01000009", None))?.FullName);
        await exam.Snapshots.RefreshAsync(None);
        Assert.Equal("8.5", Score(await FromMemoryAsync(exam.Results, exam.ExamId, "01000001"), "Toán"));
        Assert.Equal("Phạm Minh Khôi", (await FromMemoryAsync(exam.Results, exam.ExamId, "01000009"))?.FullName);

        // The re-grading window set on this node.
        await using (var db = database.CreateContext())
        {
            Assert.True(await exam.Registry(db).SetRegradingAsync(exam.UnitId, exam.ExamId, ExamFixture.Start.AddDays(3), 25_000, None));
        }

        var windowed = await exam.Results.FindAsync(exam.ExamId, "01000001", None);
        Assert.Equal((ExamFixture.Start.AddDays(3), 25_000), (windowed?.RegradeUntil, windowed?.RegradeFee));

        // A row changed by another node (nothing tells this one): answered from memory until the cache's lifetime ends.
        await exam.Snapshots.RefreshAsync(None);
        await using (var other = database.DataSource.CreateCommand(
                         "UPDATE exam_candidates SET full_name = 'Nguyễn Văn Anh' WHERE exam_id = $1 AND number = '01000001'"))
        {
            other.Parameters.AddWithValue(exam.ExamId);
            Assert.Equal(1, await other.ExecuteNonQueryAsync());
        }

        exam.Clock.Advance(AnnouncedExamsCache.Lifetime - TimeSpan.FromSeconds(1));
        Assert.Equal("Nguyễn Văn An", (await FromMemoryAsync(exam.Results, exam.ExamId, "01000001"))?.FullName);
        exam.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("Nguyễn Văn Anh", (await exam.Results.FindAsync(exam.ExamId, "01000001", None))?.FullName);
    }

    [Fact]
    public async Task NothingIsHeldOrShownBeforeThePublicationMinuteNorAfterAPostponementOnThisNode()
    {
        var exam = await ExamFixture.CreateAsync(database);
        await exam.Importer.ImportAsync(exam.ExamId, ExamFixture.File(File), null, None);
        await using (var db = database.CreateContext())
        {
            Assert.True(await exam.Registry(db).SetPublicationAsync(exam.UnitId, exam.ExamId, ExamFixture.Start.AddMinutes(1), None));
        }

        exam.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(ExamFixture.Start.AddMinutes(1), await exam.Snapshots.RefreshAsync(None));
        Assert.False(exam.Snapshots.Held.ContainsKey(exam.ExamId));
        Assert.Null(await exam.Results.FindAsync(exam.ExamId, "01000001", None));

        exam.Clock.Advance(TimeSpan.FromSeconds(1));
        await exam.Snapshots.RefreshAsync(None);
        Assert.True(exam.Snapshots.Held.ContainsKey(exam.ExamId));
        Assert.NotNull(await FromMemoryAsync(exam.Results, exam.ExamId, "01000001"));

        await using (var db = database.CreateContext())
        {
            Assert.True(await exam.Registry(db).SetPublicationAsync(exam.UnitId, exam.ExamId, ExamFixture.Start.AddHours(1), None));
        }

        Assert.Null(await exam.Results.FindAsync(exam.ExamId, "01000001", None));
        await exam.Snapshots.RefreshAsync(None);
        Assert.False(exam.Snapshots.Held.ContainsKey(exam.ExamId));

        // Once the new minute is further back than the snapshots' age, the database answers.
        exam.Clock.Advance(TimeSpan.FromDays(new ExamSnapshotOptions().SnapshotDays + 1));
        await exam.Snapshots.RefreshAsync(None);
        Assert.False(exam.Snapshots.Held.ContainsKey(exam.ExamId));
        Assert.NotNull(await exam.Results.FindAsync(exam.ExamId, "01000001", None));
    }

    [Fact]
    public async Task ARegradedScoreIsSeenAtOnceWithItsHistoryOnTheNodeThatPublishedIt()
    {
        var exam = await PublishedAsync();
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString, replaceServices: s => s.AddSingleton<TimeProvider>(exam.Clock));
        var snapshots = portal.Services.GetRequiredService<ExamResultsSnapshots>();
        var results = portal.Services.GetRequiredService<ExamResults>();
        await snapshots.RefreshAsync(None);
        Assert.Equal("8.25", Score(await FromMemoryAsync(results, exam.ExamId, "01000001"), "Toán"));

        await using (var scope = portal.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RegradePublication>().PublishAsync(exam.ExamId, "01000001", "PK-0003",
                new Dictionary<string, decimal> { ["Toán"] = 9.5m }, None);
        }

        var regraded = await results.FindAsync(exam.ExamId, "01000001", None);
        Assert.Equal(("9.5", 8.25m), (Score(regraded, "Toán"), regraded?.ScoreBefore("Toán")));
        await snapshots.RefreshAsync(None);
        Assert.Equal(Describe(regraded), Describe(await FromMemoryAsync(results, exam.ExamId, "01000001")));
    }

    private async Task<ExamFixture> PublishedAsync()
    {
        var exam = await ExamFixture.CreateAsync(database);
        Assert.Empty((await exam.Importer.ImportAsync(exam.ExamId, ExamFixture.File(File), null, None)).Problems);
        await using var db = database.CreateContext();
        Assert.True(await exam.Registry(db).SetPublicationAsync(exam.UnitId, exam.ExamId, ExamFixture.Start, None));
        return exam;
    }

    /// <summary>A lookup that must be answered from the node's memory once its exams cache is read: no command reaches PostgreSQL.</summary>
    private static async Task<ExamResult?> FromMemoryAsync(ExamResults results, Guid examId, string number)
    {
        await results.PublicationAsync(examId, None);
        var (result, roundTrips) = await RoundTrips.CountAsync(() => results.FindAsync(examId, number, None));
        Assert.Equal(0, roundTrips);
        return result;
    }

    private static string? Score(ExamResult? result, string subject) =>
        result?.Scores.Single(s => s.Subject == subject).Score?.ToString(CultureInfo.InvariantCulture);

    /// <summary>Every field of the result, scores with their written scale and times with their offset.</summary>
    private static string Describe(ExamResult? r) => r is null
        ? "none"
        : FormattableString.Invariant(
            $"{r.ExamId}|{r.ExamName}|{r.Year}|{r.Number}|{r.FullName}|{r.DateOfBirth:O}|{r.School}|{r.Room}|{r.RegradeUntil:O}|{r.RegradeFee}|") +
          string.Join(";", r.Scores.Select(s => FormattableString.Invariant($"{s.Subject}={s.Score}"))) + "|" +
          string.Join(";", r.History.Select(h => FormattableString.Invariant($"{h.ChangedAt:O} {h.Subject} {h.OldScore} {h.NewScore} {h.TrackingCode}")));
}
