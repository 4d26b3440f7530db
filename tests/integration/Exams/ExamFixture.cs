using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Services.Data;
using Services.Data.Exams;
using Services.Data.Units;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Samples;
using Services.Workflows.Exams;

namespace Services.Tests.Integration.Exams;

/// <summary>A unit with one exam in a real database, and the exams services built on it with a clock the test moves.</summary>
internal sealed class ExamFixture
{
    public static readonly DateTimeOffset Start = new(2027, 6, 20, 1, 0, 0, TimeSpan.Zero); // 08:00 in Hà Nội

    private ExamFixture(TestDatabase database, ManualClock clock, Guid unitId, Guid examId)
    {
        Database = database;
        Clock = clock;
        UnitId = unitId;
        ExamId = examId;
        Announced = new AnnouncedExamsCache(new ExamReadSource(database.DataSource), clock);
        Snapshots = Node.Snapshots(database, Announced, clock);
    }

    public TestDatabase Database { get; }
    public ManualClock Clock { get; }
    public Guid UnitId { get; }
    public Guid ExamId { get; }

    /// <summary>The fixture's own node cache: its registry's changes are seen by its results at once.</summary>
    public AnnouncedExamsCache Announced { get; }

    /// <summary>The fixture's node's results snapshots: built only when a test runs a pass (<see cref="ExamResultsSnapshots.RefreshAsync"/>).</summary>
    public ExamResultsSnapshots Snapshots { get; }

    public ExamImporter Importer => new(Database.DataSource, Clock, Announced);
    public ExamResults Results => new(new ExamReadSource(Database.DataSource), Announced, Snapshots, Clock);

    public static async Task<ExamFixture> CreateAsync(TestDatabase database)
    {
        var clock = new ManualClock(Start);
        var unitId = Guid.NewGuid();
        await using var db = database.CreateContext();
        var slug = $"so-gd-{unitId:N}"[..20];
        db.Units.Add(new Unit
        {
            Id = unitId, Slug = slug, NameVi = "Phòng Giáo dục thử", NameEn = "Test district office", Kind = UnitKind.DistrictOffice,
            Address = "1 Lê Lợi", Phone = "028 0000 0000", Email = "so@test.edu.vn", CreatedAt = Start,
        });
        await db.SaveChangesAsync();
        var exam = await new ExamRegistry(db, clock, new AnnouncedExamsCache(new ExamReadSource(database.DataSource), clock)).CreateAsync(unitId, "Kỳ thi tốt nghiệp THPT 2027", ExamKind.Graduation, 2027, CancellationToken.None);
        return new ExamFixture(database, clock, unitId, exam.Id);
    }

    public ExamRegistry Registry(PortalDbContext db) => new(db, Clock, Announced);

    public static MemoryStream File(string text) => new(System.Text.Encoding.UTF8.GetBytes(text));
}

/// <summary>A web node's own exams services over a shared database and clock.</summary>
internal static class Node
{
    public static ExamResultsSnapshots Snapshots(TestDatabase database, AnnouncedExamsCache announced, TimeProvider clock) =>
        new(new ExamReadSource(database.DataSource), announced, Options.Create(new ExamSnapshotOptions()), clock, NullLogger<ExamResultsSnapshots>.Instance);

    public static ExamResults Results(TestDatabase database, TimeProvider clock)
    {
        var source = new ExamReadSource(database.DataSource);
        var announced = new AnnouncedExamsCache(source, clock);
        return new ExamResults(source, announced, Snapshots(database, announced, clock), clock);
    }
}
