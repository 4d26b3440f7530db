using Services.Workflows.Audit;

namespace Services.Tests.Unit.Documents;

/// <summary>The audit history's printed copy says what the page says: the verdict, every entry with its changes, every step's time.</summary>
public sealed class HistoryDocumentTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 23, 1, 30, 0, TimeSpan.Zero); // 08:30 in Vietnam

    public static HistoryPrint Sample(int entries = 3, bool intact = true) => new(
        "HS-26-7K3M-9QX2", "Xin nghỉ học", "Trường Tiểu học Nguyễn Bỉnh Khiêm", "Đã duyệt",
        intact ? "Chuỗi nguyên vẹn: 3 bản ghi, đã được niêm phong trong lần niêm phong số 4." : "Chuỗi bị phá vỡ tại bản ghi số 2.",
        intact, "Tiếp nhận, Xem xét, Đã duyệt",
        [new HistoryPrintStep("Xem xét", "Cán bộ · Trường Tiểu học Nguyễn Bỉnh Khiêm · Lê Thị Thu", "Trễ 2 ngày 3 giờ", Received, Received.AddDays(1),
            Received.AddDays(3).AddHours(3))],
        [.. Enumerable.Range(1, entries).Select(i => new HistoryPrintEntry(i, Received.AddMinutes(i), i == 1 ? "Tiếp nhận hồ sơ" : $"Việc số {i}",
            i == 1 ? "Nguyễn Thị Lan, người nộp" : "Lê Thị Thu, Cán bộ", "Tiếp nhận, chuyển sang Xem xét", i == 1 ? null : "10.1.2.3",
            i == 2 ? ["lastOutcome: từ (trống) thành approve"] : [], $"{i:x16}", !intact && i == 2))],
        "kiemtra@demo.edu.vn", Received.AddDays(5));

    [Fact]
    public async Task PrintsTheVerdictTheStepsAndEveryEntryWithItsChanges()
    {
        var text = await PdfText.ExtractAsync(HistoryDocument.Render(Sample()));

        Assert.Contains("LỊCH SỬ XỬ LÝ HỒ SƠ", text, StringComparison.Ordinal);
        Assert.Contains("HS-26-7K3M-9QX2", text, StringComparison.Ordinal);
        Assert.Contains("Chuỗi nguyên vẹn: 3 bản ghi", text, StringComparison.Ordinal);
        Assert.Contains("Trễ 2 ngày 3 giờ", text, StringComparison.Ordinal);
        Assert.Contains("#1 · 08:31 23/11/2026 — Tiếp nhận hồ sơ", text, StringComparison.Ordinal);
        Assert.Contains("#3 · 08:33 23/11/2026 — Việc số 3", text, StringComparison.Ordinal);
        Assert.Contains("lastOutcome: từ (trống) thành approve", text, StringComparison.Ordinal);
        Assert.Contains("bước: Tiếp nhận, chuyển sang Xem xét", text, StringComparison.Ordinal);
        Assert.Contains("10.1.2.3", text, StringComparison.Ordinal);
        Assert.Contains("verify-history", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PHÁ VỠ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABrokenChainIsMarkedAtItsEntryAndALongHistoryIsNumberedPageByPage()
    {
        var text = await PdfText.ExtractAsync(HistoryDocument.Render(Sample(entries: 45, intact: false)));

        Assert.Contains("Chuỗi bị phá vỡ tại bản ghi số 2.", text, StringComparison.Ordinal);
        Assert.Contains("#2 · 08:32 23/11/2026 — Việc số 2 — CHUỖI BỊ PHÁ VỠ TẠI MỤC NÀY", text, StringComparison.Ordinal);
        Assert.Contains("#45 · ", text, StringComparison.Ordinal);
        var pages = text.Split('\f', StringSplitOptions.RemoveEmptyEntries).Length;
        Assert.True(pages >= 2, $"{pages} page(s)");
        Assert.Contains($"Trang 2/{pages}", text, StringComparison.Ordinal);
    }
}
