using System.Net;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Tests.Integration.Exams;
using Services.Tests.Integration.Infrastructure;
using Services.Web.ImportApi;
using Services.Workflows.Exams;

namespace Services.Tests.Integration.ImportApi;

/// <summary>
/// Excel workbooks (.xlsx, built here with ClosedXML) go through the same checks as CSV files, on real PostgreSQL:
/// the line of a problem is the spreadsheet's row, a bad workbook writes nothing, a good one is imported, and a
/// re-import updates in place — by the staff's import service and by the API.
/// </summary>
public sealed class ExcelImportTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly string[] ExamHeader = ["so_bao_danh", "ho_ten", "ngay_sinh", "truong", "phong_thi", "Toán", "Ngữ văn"];

    [Fact]
    public async Task AnExamWorkbookIsCheckedRowByRowThenImportedAndReImportedInPlace()
    {
        var exam = await ExamFixture.CreateAsync(database);
        var bad = Workbook(ExamHeader,
            ["TS1001", "Nguyễn Văn An", new DateTime(2009, 3, 5), "THPT Lê Quý Đôn", "P01", 8.25, 7.5],
            ["TS1002", "", "31/02/2009", "THPT Lê Quý Đôn", "P01", 9, null],
            [],
            [1000123, "Lê Minh Châu", new DateTime(2009, 1, 2), "THPT Nguyễn Du", "P02", 11, 8]);
        var refused = await exam.Importer.ImportAsync(exam.ExamId, new MemoryStream(bad), null, CancellationToken.None);
        Assert.Equal(
            [
                new ImportProblem(3, "ho_ten", ImportProblemReason.Required),
                new ImportProblem(3, "ngay_sinh", ImportProblemReason.InvalidDate),
                new ImportProblem(5, "Toán", ImportProblemReason.InvalidScore),
            ],
            refused.Problems.OrderBy(p => p.Line).ThenBy(p => p.Column, StringComparer.Ordinal).ToList());
        await using (var db = database.CreateContext())
        {
            Assert.Equal(0, await db.ExamCandidates.CountAsync(c => c.ExamId == exam.ExamId));
        }

        object?[][] rows =
        [
            ["TS1001", "Nguyễn Văn An", new DateTime(2009, 3, 5), "THPT Lê Quý Đôn", "P01", 8.25, 7.5],
            ["TS1002", "Trần Thị Bình", new DateTime(2009, 11, 30), "THPT Lê Quý Đôn", "P01", 9, null],
            [1000123, "Lê Minh Châu", new DateTime(2009, 1, 2), "THPT Nguyễn Du", "P02", 6.75, 8],
        ];
        var first = await exam.Importer.ImportAsync(exam.ExamId, new MemoryStream(Workbook(ExamHeader, rows)), null, CancellationToken.None);
        Assert.Equal((3, 3, 0), (first.Rows, first.Inserted, first.Updated));
        rows[2][5] = 7;
        var again = await exam.Importer.ImportAsync(exam.ExamId, new MemoryStream(Workbook(ExamHeader, rows)), null, CancellationToken.None);
        Assert.Equal((3, 0, 1), (again.Rows, again.Inserted, again.Updated));

        await using var check = database.CreateContext();
        var stored = await check.ExamCandidates.Where(c => c.ExamId == exam.ExamId).OrderBy(c => c.Number).ToListAsync();
        Assert.Equal(["1000123", "TS1001", "TS1002"], stored.Select(c => c.Number));
        Assert.Equal(new DateOnly(2009, 1, 2), stored[0].DateOfBirth);
        Assert.Equal(7m, stored[0].Scores["Toán"]);
        Assert.Equal(8.25m, stored[1].Scores["Toán"]);
        Assert.False(stored[2].Scores.ContainsKey("Ngữ văn"));
    }

    [Fact]
    public async Task ACertificateWorkbookWithAValueRightOfTheHeaderIsRefusedLikeACsvLineWithAnExtraField()
    {
        var exam = await ExamFixture.CreateAsync(database);
        string[] header = ["so_hieu", "so_vao_so", "ho_ten", "ngay_sinh", "loai", "xep_loai", "nam", "ngay_cap", "nguoi_ky"];
        var file = Workbook(header,
            ["TN2027-200001", "0001", "Nguyễn Văn An", new DateTime(2009, 3, 5), "Bằng tốt nghiệp THPT", "Khá", 2027, new DateTime(2027, 7, 15), "Trần Văn Giám"],
            ["TN2027-200002", "0002", "Lê Thị Hoa", new DateTime(2009, 4, 6), "Bằng tốt nghiệp THPT", "Giỏi", 2027, new DateTime(2027, 7, 15), "Trần Văn Giám", "thừa"]);
        await using var db = database.CreateContext();
        var report = await new CertificateRegistry(db, exam.Clock).ImportAsync(exam.UnitId, new MemoryStream(file), CancellationToken.None);
        Assert.Equal([new ImportProblem(3, "", ImportProblemReason.WrongFieldCount)], report.Problems);
        Assert.Equal(0, await db.Certificates.CountAsync(c => c.UnitId == exam.UnitId));

        // A file that starts like a workbook but is none is refused with its own reason.
        var broken = await new CertificateRegistry(db, exam.Clock).ImportAsync(exam.UnitId, new MemoryStream([.. "PK\u0003\u0004khong-phai-excel"u8]), CancellationToken.None);
        Assert.Equal([new ImportProblem(1, "", ImportProblemReason.UnreadableFile)], broken.Problems);
    }

    [Fact]
    public async Task TheApiTakesAnExcelWorkbookToo()
    {
        var exam = await ExamFixture.CreateAsync(database);
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString);
        portal.Services.GetRequiredService<Services.Web.Units.UnitDirectory>().Invalidate();
        string slug;
        await using (var db = database.CreateContext())
        {
            slug = (await db.Units.SingleAsync(u => u.Id == exam.UnitId)).Slug;
        }

        var (clientId, secret) = await ImportApiHttpTests.RegisterAsync(portal, "Hệ thống văn bằng", [ImportScopes.Certificates], exam.UnitId);
        using var http = portal.NewClient();
        var token = await ImportApiHttpTests.TokenAsync(http, clientId, secret, "certificates.import");
        string[] header = ["so_hieu", "so_vao_so", "ho_ten", "ngay_sinh", "loai", "xep_loai", "nam", "ngay_cap", "nguoi_ky"];
        var file = Workbook(header,
            ["TN2027-300001", "0001", "Nguyễn Văn An", new DateTime(2009, 3, 5), "Bằng tốt nghiệp THPT", "Khá", 2027, new DateTime(2027, 7, 15), "Trần Văn Giám"]);
        using var response = await ImportApiHttpTests.SendFileAsync(http, token, $"/api/v1/units/{slug}/certificates", file, "van-bang.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((1, 1, 0), await ImportApiHttpTests.CountsAsync(response));
        await using var check = database.CreateContext();
        var stored = await check.Certificates.SingleAsync(c => c.UnitId == exam.UnitId);
        Assert.Equal(("TN2027-300001", new DateOnly(2009, 3, 5), 2027, new DateOnly(2027, 7, 15)), (stored.Serial, stored.DateOfBirth, stored.Year, stored.IssuedOn));
    }

    /// <summary>A workbook whose first sheet has the header in row 1 and the rows below it (an empty array: an empty row).</summary>
    private static byte[] Workbook(string[] header, params object?[][] rows)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("Dữ liệu");
        for (var c = 0; c < header.Length; c++)
        {
            sheet.Cell(1, c + 1).SetValue(header[c]);
        }

        for (var r = 0; r < rows.Length; r++)
        {
            for (var c = 0; c < rows[r].Length; c++)
            {
                var cell = sheet.Cell(r + 2, c + 1);
                switch (rows[r][c])
                {
                    case null:
                        break;
                    case DateTime date:
                        cell.SetValue(date);
                        break;
                    case int number:
                        cell.SetValue(number);
                        break;
                    case double number:
                        cell.SetValue(number);
                        break;
                    case string text:
                        cell.SetValue(text);
                        break;
                }
            }
        }

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
