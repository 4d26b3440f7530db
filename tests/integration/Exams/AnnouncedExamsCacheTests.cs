using Services.Data.Exams;
using Services.Tests.Integration.Infrastructure;
using Services.Workflows.Exams;

namespace Services.Tests.Integration.Exams;

/// <summary>
/// The per-node cache of exams and their publication minutes (ADR 0028): the minute is compared with the clock on
/// every lookup, so a cached exam opens at its minute; another node's change is seen within the cache's lifetime; and a
/// stale cache never shows a result the database withholds.
/// </summary>
public sealed class AnnouncedExamsCacheTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string File = """
        so_bao_danh,ho_ten,ngay_sinh,truong,phong_thi,Toán
        01000001,Nguyễn Văn An,05/03/2009,THPT A,P01,8.25
        """;

    [Fact]
    public async Task ACachedExamOpensAtItsMinuteWithoutARefresh()
    {
        var exam = await ExamFixture.CreateAsync(database);
        await using (var db = database.CreateContext())
        {
            await exam.Registry(db).SetPublicationAsync(exam.UnitId, exam.ExamId, ExamFixture.Start.AddMinutes(1), CancellationToken.None);
        }

        var node = Node(exam);
        exam.Clock.Advance(TimeSpan.FromSeconds(58));
        Assert.Equal<(bool, DateTimeOffset?)>((false, ExamFixture.Start.AddMinutes(1)), await node.PublicationAsync(exam.ExamId, CancellationToken.None));

        // Three seconds later the snapshot read at 08:00:58 is still held, and the minute has come.
        exam.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.True(exam.Clock.GetUtcNow() < ExamFixture.Start.AddSeconds(58) + AnnouncedExamsCache.Lifetime);
        Assert.Equal<(bool, DateTimeOffset?)>((true, ExamFixture.Start.AddMinutes(1)), await node.PublicationAsync(exam.ExamId, CancellationToken.None));
    }

    [Fact]
    public async Task AnExamAnnouncedOnAnotherNodeIsSeenWithinTheLifetimeAndAWithdrawalHidesResultsAtOnce()
    {
        var exam = await ExamFixture.CreateAsync(database);
        var node = Node(exam);
        Assert.DoesNotContain(await node.AnnouncedAsync(CancellationToken.None), e => e.Name == "Kỳ thi năng khiếu 2027");

        // Another node's staff create an exam, import it and publish it now; this node read the exams just before.
        var other = new AnnouncedExamsCache(new ExamReadSource(database.DataSource), exam.Clock);
        Guid created;
        await using (var db = database.CreateContext())
        {
            var registry = new ExamRegistry(db, exam.Clock, other);
            created = (await registry.CreateAsync(exam.UnitId, "Kỳ thi năng khiếu 2027", ExamKind.GiftedStudents, 2027, CancellationToken.None)).Id;
            await exam.Importer.ImportAsync(created, ExamFixture.File(File), null, CancellationToken.None);
            Assert.True(await registry.SetPublicationAsync(exam.UnitId, created, ExamFixture.Start, CancellationToken.None));
        }

        exam.Clock.Advance(AnnouncedExamsCache.Lifetime - TimeSpan.FromSeconds(1));
        Assert.Equal<(bool, DateTimeOffset?)>((false, null), await node.PublicationAsync(created, CancellationToken.None));

        exam.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal<(bool, DateTimeOffset?)>((true, ExamFixture.Start), await node.PublicationAsync(created, CancellationToken.None));
        Assert.Contains(await node.AnnouncedAsync(CancellationToken.None), e => e.Id == created);
        Assert.NotNull(await node.FindAsync(created, "01000001", CancellationToken.None));

        // Withdrawn on the other node: this node still holds the minute for a while, but the row's own statement hides the result.
        await using (var db = database.CreateContext())
        {
            Assert.True(await new ExamRegistry(db, exam.Clock, other).SetPublicationAsync(exam.UnitId, created, null, CancellationToken.None));
        }

        Assert.True((await node.PublicationAsync(created, CancellationToken.None)).Published);
        Assert.Null(await node.FindAsync(created, "01000001", CancellationToken.None));
        exam.Clock.Advance(AnnouncedExamsCache.Lifetime);
        Assert.Equal<(bool, DateTimeOffset?)>((false, null), await node.PublicationAsync(created, CancellationToken.None));
    }

    [Fact]
    public async Task APublicationSetOnThisNodeIsSeenAtOnce()
    {
        var exam = await ExamFixture.CreateAsync(database);
        Assert.Equal<(bool, DateTimeOffset?)>((false, null), await exam.Results.PublicationAsync(exam.ExamId, CancellationToken.None));
        await using (var db = database.CreateContext())
        {
            Assert.True(await exam.Registry(db).SetPublicationAsync(exam.UnitId, exam.ExamId, ExamFixture.Start, CancellationToken.None));
        }

        Assert.Equal<(bool, DateTimeOffset?)>((true, ExamFixture.Start), await exam.Results.PublicationAsync(exam.ExamId, CancellationToken.None));
    }

    /// <summary>A second web node: its own cache over the same database and clock.</summary>
    private ExamResults Node(ExamFixture exam) => Exams.Node.Results(database, exam.Clock);
}
