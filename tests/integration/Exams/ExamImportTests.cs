using Microsoft.EntityFrameworkCore;
using Services.Tests.Integration.Infrastructure;
using Services.Workflows.Exams;

namespace Services.Tests.Integration.Exams;

/// <summary>Importing an exam's file on real PostgreSQL: all or nothing, every bad row reported, re-import updates in place.</summary>
public sealed class ExamImportTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string Good = """
        so_bao_danh,ho_ten,ngay_sinh,truong,phong_thi,Toán,Ngữ văn
        01000001,Nguyễn Văn An,05/03/2009,THPT Lê Quý Đôn,P01,8.25,7.5
        01000002,Trần Thị Bình,2009-11-30,THPT Lê Quý Đôn,P01,9,
        01000003,Lê Minh Châu,1/2/2009,THPT Nguyễn Du,P02,"6,75",8
        """;

    [Fact]
    public async Task AFileWithBadRowsChangesNothingAndReportsEveryBadCell()
    {
        var exam = await ExamFixture.CreateAsync(database);
        Assert.True((await exam.Importer.ImportAsync(exam.ExamId, ExamFixture.File(Good), null, CancellationToken.None)).Succeeded);
        var before = await SnapshotAsync(exam.ExamId);

        const string bad = """
            so_bao_danh,ho_ten,ngay_sinh,truong,phong_thi,Toán,Ngữ văn
            01000001,Nguyễn Văn An,05/03/2009,THPT Lê Quý Đôn,P01,10,10
            01000004,,31/02/2009,THPT Nguyễn Du,P02,11,7
            01000001,Phạm Duy,05/05/2009,THPT Nguyễn Du,P02,5,abc
            0100-0005,Hồ Xuân,05/05/2009,THPT Nguyễn Du,P02,5.123,5
            01000006,Đỗ Quyên,05/05/2009,THPT Nguyễn Du
            01000007,Vũ Hà,05/05/2009,THPT Nguyễn Du,P03,4,4
            """;
        var report = await exam.Importer.ImportAsync(exam.ExamId, ExamFixture.File(bad), null, CancellationToken.None);

        Assert.False(report.Succeeded);
        Assert.Equal(
            [
                new ImportProblem(3, "ho_ten", ImportProblemReason.Required),
                new ImportProblem(3, "ngay_sinh", ImportProblemReason.InvalidDate),
                new ImportProblem(3, "Toán", ImportProblemReason.InvalidScore),
                new ImportProblem(4, "so_bao_danh", ImportProblemReason.DuplicateNumber),
                new ImportProblem(4, "Ngữ văn", ImportProblemReason.InvalidScore),
                new ImportProblem(5, "so_bao_danh", ImportProblemReason.InvalidNumber),
                new ImportProblem(5, "Toán", ImportProblemReason.InvalidScore),
                new ImportProblem(6, "", ImportProblemReason.WrongFieldCount),
            ],
            report.Problems.OrderBy(p => p.Line).ToList());
        // Lines 2 and 7 were good, yet neither the changed scores of line 2 nor the new candidate of line 7 were written.
        Assert.Equal(before, await SnapshotAsync(exam.ExamId));
    }

    [Fact]
    public async Task AMissingColumnIsReportedOnTheHeaderLine()
    {
        var exam = await ExamFixture.CreateAsync(database);
        var report = await exam.Importer.ImportAsync(exam.ExamId, ExamFixture.File("so_bao_danh,ho_ten,truong,phong_thi,Toán\n01,A,B,C,5\n"), null, CancellationToken.None);
        Assert.Equal([new ImportProblem(1, "ngay_sinh", ImportProblemReason.MissingColumn)], report.Problems);
        Assert.Empty(await SnapshotAsync(exam.ExamId));
    }

    [Fact]
    public async Task ImportingACorrectedFileAgainUpdatesAndNeverDuplicates()
    {
        var exam = await ExamFixture.CreateAsync(database);
        var first = await exam.Importer.ImportAsync(exam.ExamId, ExamFixture.File(Good), null, CancellationToken.None);
        Assert.Equal((3, 3, 0), (first.Rows, first.Inserted, first.Updated));

        var again = await exam.Importer.ImportAsync(exam.ExamId, ExamFixture.File(Good), null, CancellationToken.None);
        Assert.Equal((3, 0, 0), (again.Rows, again.Inserted, again.Updated));

        var corrected = Good.Replace("01000002,Trần Thị Bình,2009-11-30,THPT Lê Quý Đôn,P01,9,", "01000002,Trần Thị Bình,2009-11-30,THPT Lê Quý Đôn,P01,9,6.5", StringComparison.Ordinal)
            + "\n01000009,Mai Lan,09/09/2009,THPT Nguyễn Du,P02,7,7";
        var third = await exam.Importer.ImportAsync(exam.ExamId, ExamFixture.File(corrected), null, CancellationToken.None);
        Assert.Equal((4, 1, 1), (third.Rows, third.Inserted, third.Updated));

        var rows = await SnapshotAsync(exam.ExamId);
        Assert.Equal(["01000001", "01000002", "01000003", "01000009"], rows.Select(r => r.Number));
        Assert.Equal("{\"Toán\": 9, \"Ngữ văn\": 6.5}", rows[1].Scores);
        Assert.Equal("{\"Toán\": 6.75, \"Ngữ văn\": 8}", rows[2].Scores);
        await using var db = database.CreateContext();
        Assert.Equal(["Toán", "Ngữ văn"], (await db.Exams.SingleAsync(e => e.Id == exam.ExamId)).Subjects);
    }

    [Fact]
    public async Task ProgressOnlyMovesForwardAndEndsAtOne()
    {
        var exam = await ExamFixture.CreateAsync(database);
        var lines = string.Join('\n', Enumerable.Range(1, 12_000).Select(i => $"{i:D8},Thí sinh {i},01/01/2009,THPT A,P{i % 40:D2},{i % 11},{(i * 7) % 11}"));
        var reports = new List<double>();
        var report = await exam.Importer.ImportAsync(exam.ExamId, ExamFixture.File("so_bao_danh,ho_ten,ngay_sinh,truong,phong_thi,Toán,Ngữ văn\n" + lines),
            new Recorder(reports), CancellationToken.None);

        Assert.Equal(12_000, report.Inserted);
        Assert.True(reports.Count > 3);
        Assert.Equal(reports.Order().ToList(), reports);
        Assert.Equal(1, reports[^1]);
    }

    private async Task<List<(string Number, string Name, string Scores)>> SnapshotAsync(Guid examId)
    {
        var rows = new List<(string, string, string)>();
        await using var command = database.DataSource.CreateCommand(
            "SELECT number, full_name || '|' || date_of_birth || '|' || school || '|' || room, scores::text FROM exam_candidates WHERE exam_id = $1 ORDER BY number");
        command.Parameters.AddWithValue(examId);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return rows;
    }

    private sealed class Recorder(List<double> into) : IProgress<double>
    {
        public void Report(double value) => into.Add(value);
    }
}
