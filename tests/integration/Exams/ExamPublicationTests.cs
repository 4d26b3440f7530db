using Services.Tests.Integration.Infrastructure;

namespace Services.Tests.Integration.Exams;

/// <summary>Results stay secret until the publication minute, for the public read path and for staff's export alike.</summary>
public sealed class ExamPublicationTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task ResultsAndExportsOpenAtThePublicationMinuteAndNotBefore()
    {
        var exam = await ExamFixture.CreateAsync(database);
        await exam.Importer.ImportAsync(exam.ExamId, ExamFixture.File("so_bao_danh,ho_ten,ngay_sinh,truong,phong_thi,Toán\n01000001,Nguyễn Văn An,05/03/2009,THPT A,P01,8.25\n"),
            null, CancellationToken.None);
        await using var db = database.CreateContext();
        var registry = exam.Registry(db);

        // Not announced at all: nothing is visible.
        Assert.Null(await exam.Results.FindAsync(exam.ExamId, "01000001", CancellationToken.None));
        Assert.Null(await registry.ExportAsync(exam.UnitId, exam.ExamId, CancellationToken.None));

        // Announced for 10:00:30 Vietnam time, as the staff page gives it — stored to the minute, 10:00.
        var publishAt = ExamFixture.Start.AddHours(2).AddSeconds(30).ToOffset(TimeSpan.FromHours(7));
        Assert.True(await registry.SetPublicationAsync(exam.UnitId, exam.ExamId, publishAt, CancellationToken.None));
        exam.Clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1)); // 09:59:59
        Assert.Null(await exam.Results.FindAsync(exam.ExamId, "01000001", CancellationToken.None));
        Assert.Null(await registry.ExportAsync(exam.UnitId, exam.ExamId, CancellationToken.None));
        Assert.False((await exam.Results.PublicationAsync(exam.ExamId, CancellationToken.None)).Published);

        exam.Clock.Advance(TimeSpan.FromSeconds(1)); // 10:00:00
        var result = await exam.Results.FindAsync(exam.ExamId, "01000001", CancellationToken.None);
        Assert.NotNull(result);
        Assert.Equal([("Toán", (decimal?)8.25m)], result.Scores);
        var export = System.Text.Encoding.UTF8.GetString(Assert.IsType<byte[]>(await registry.ExportAsync(exam.UnitId, exam.ExamId, CancellationToken.None)));
        Assert.Contains("\"01000001\",\"Nguyễn Văn An\",\"05/03/2009\",\"THPT A\",\"P01\",\"8.25\"", export, StringComparison.Ordinal);

        // Staff of another unit cannot export it, published or not.
        Assert.Null(await registry.ExportAsync(Guid.NewGuid(), exam.ExamId, CancellationToken.None));
    }
}
