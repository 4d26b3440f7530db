using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Search.Bench;

/// <summary>
/// Realistic Vietnamese content for the benchmark, written with COPY in the shape of <c>content_items</c> (ADR 0019):
/// news, documents with a number/symbol and issuing authority, disclosures with a school year; all published.
/// Text is drawn from fixed phrase lists with a fixed seed, so every run indexes the same words.
/// </summary>
internal static class Seed
{
    public static readonly string[] People =
    [
        "Nguyễn Bỉnh Khiêm", "Lê Quý Đôn", "Trần Hưng Đạo", "Võ Thị Sáu", "Nguyễn Du", "Chu Văn An", "Lê Văn Tám", "Hai Bà Trưng",
        "Nguyễn Thị Minh Khai", "Phan Bội Châu", "Trần Quốc Toản", "Đinh Tiên Hoàng", "Lý Thường Kiệt", "Nguyễn Trãi", "Kim Đồng",
    ];

    private static readonly string[] NewsTopics =
    [
        "Thông báo tuyển sinh lớp 1", "Thông báo tuyển sinh lớp 6", "Lễ khai giảng năm học mới", "Hội thao truyền thống", "Ngày hội đọc sách",
        "Kế hoạch hoạt động ngoại khóa", "Trao học bổng cho học sinh vượt khó", "Hội nghị cán bộ, viên chức", "Tập huấn phòng cháy chữa cháy",
        "Kết quả kỳ thi học sinh giỏi cấp thành phố", "Chương trình giáo dục kỹ năng sống", "Lịch kiểm tra giữa học kỳ", "Tham quan học tập thực tế",
        "Họp phụ huynh học sinh đầu năm", "Hưởng ứng tuần lễ học tập suốt đời", "Phong trào nuôi heo đất giúp bạn", "Giải bóng đá mini học sinh",
    ];

    private static readonly string[] DocumentTopics =
    [
        "Quyết định ban hành kế hoạch năm học", "Công văn hướng dẫn tuyển sinh đầu cấp", "Kế hoạch kiểm tra nội bộ trường học",
        "Quyết định thành lập hội đồng thi", "Công văn về việc thu, chi đầu năm học", "Báo cáo tổng kết công tác chuyển đổi số",
        "Thông báo lịch nghỉ Tết Nguyên đán", "Kế hoạch bồi dưỡng thường xuyên giáo viên", "Quyết định công nhận học sinh hoàn thành chương trình",
        "Công văn hướng dẫn chuyển trường trong thành phố",
    ];

    private static readonly string[] DisclosureTopics =
    [
        "Công khai chất lượng giáo dục thực tế", "Công khai điều kiện đảm bảo chất lượng", "Công khai thu chi tài chính",
        "Công khai cam kết chất lượng giáo dục", "Công khai đội ngũ giáo viên và cán bộ quản lý",
    ];

    private static readonly string[] Sentences =
    [
        "Nhà trường thông báo đến quý phụ huynh và học sinh kế hoạch thực hiện trong tháng tới.",
        "Học sinh tham gia đầy đủ, đúng giờ và mặc đồng phục theo quy định.",
        "Hồ sơ gồm đơn đăng ký, bản sao giấy khai sinh và giấy xác nhận cư trú.",
        "Phụ huynh có thể đăng ký trực tuyến trên cổng dịch vụ công của ngành giáo dục.",
        "Giáo viên chủ nhiệm phổ biến nội dung đến từng lớp trước ngày thực hiện.",
        "Kinh phí được sử dụng đúng mục đích, công khai và minh bạch.",
        "Ban giám hiệu đánh giá cao tinh thần tích cực của tập thể sư phạm.",
        "Các em đạt giải được khen thưởng tại buổi chào cờ đầu tuần.",
        "Thời gian nhận hồ sơ từ 7 giờ 30 đến 16 giờ 30 các ngày làm việc.",
        "Mọi thắc mắc xin liên hệ văn phòng nhà trường để được hướng dẫn.",
        "Chương trình nhằm nâng cao kỹ năng sống và ý thức bảo vệ môi trường.",
        "Kết quả được cập nhật trên cổng thông tin điện tử của đơn vị.",
        "Học sinh có hoàn cảnh khó khăn được xét miễn, giảm học phí theo quy định.",
        "Đoàn kiểm tra làm việc theo kế hoạch đã được phê duyệt.",
        "Nhà trường phối hợp với ban đại diện cha mẹ học sinh tổ chức hoạt động.",
        "Việc chuyển trường thực hiện theo hướng dẫn của Sở Giáo dục và Đào tạo.",
    ];

    private static readonly string[] Authorities = ["Sở Giáo dục và Đào tạo", "Phòng Giáo dục và Đào tạo", "Ủy ban nhân dân thành phố", "Hiệu trưởng"];
    private static readonly (string Category, string Symbol)[] DocumentTypes =
        [("quyet-dinh", "QĐ"), ("cong-van", "CV"), ("ke-hoach", "KH"), ("thong-bao-vb", "TB"), ("bao-cao", "BC")];
    private static readonly string[] NewsCategories = ["hoat-dong", "thong-bao", "tuyen-sinh", "su-kien"];
    private static readonly string[] DisclosureCategories = ["chat-luong", "dieu-kien", "thu-chi"];

    public sealed record Counts(int News, int Documents, int Disclosures, string SampleNumber);

    public static async Task<Counts> ContentAsync(string connectionString, IReadOnlyList<(Guid Id, string Slug, string Name)> units, int items)
    {
        var random = new Random(20261130);
        var invariant = CultureInfo.InvariantCulture;
        var epoch = new DateTimeOffset(2024, 9, 1, 1, 0, 0, TimeSpan.Zero);
        int news = 0, documents = 0, disclosures = 0;
        string? sample = null;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY content_items (id, unit_id, kind, category, title, summary, body, source, slug, status, published_at, created_at, updated_at, " +
            "version, school_year, document_number, issuing_authority, issued_on) FROM STDIN (FORMAT BINARY)"))
        {
            for (var n = 0; n < items; n++)
            {
                var unit = units[random.Next(units.Count)];
                var published = epoch.AddMinutes(random.Next(0, 2 * 365 * 24 * 60));
                var roll = random.Next(100);
                string kind, category, title;
                string? year = null, number = null, authority = null;
                DateOnly? issued = null;
                if (roll < 60)
                {
                    kind = "News";
                    news++;
                    category = NewsCategories[random.Next(NewsCategories.Length)];
                    title = $"{NewsTopics[random.Next(NewsTopics.Length)]} tại {unit.Name} ({published.ToString("dd/MM/yyyy", invariant)})";
                }
                else if (roll < 85)
                {
                    kind = "Document";
                    documents++;
                    var type = DocumentTypes[random.Next(DocumentTypes.Length)];
                    category = type.Category;
                    var agency = unit.Slug.StartsWith("so-", StringComparison.Ordinal) ? "SGDĐT" : unit.Slug.StartsWith("pgd-", StringComparison.Ordinal) ? "PGDĐT" : "THCS";
                    number = string.Create(invariant, $"{n + 1}/{type.Symbol}-{agency}");
                    sample ??= number;
                    authority = Authorities[random.Next(Authorities.Length)];
                    issued = DateOnly.FromDateTime(published.UtcDateTime);
                    title = $"{DocumentTopics[random.Next(DocumentTopics.Length)]} năm {published.Year}";
                }
                else
                {
                    kind = "Disclosure";
                    disclosures++;
                    category = DisclosureCategories[random.Next(DisclosureCategories.Length)];
                    var start = published.Month >= 9 ? published.Year : published.Year - 1;
                    year = string.Create(invariant, $"{start}-{start + 1}");
                    title = $"{DisclosureTopics[random.Next(DisclosureTopics.Length)]} năm học {year}";
                }

                var body = new StringBuilder();
                var source = new StringBuilder();
                var paragraphs = random.Next(2, 5);
                for (var p = 0; p < paragraphs; p++)
                {
                    var sentences = string.Join(" ", Enumerable.Range(0, random.Next(2, 5)).Select(_ => Sentences[random.Next(Sentences.Length)]));
                    body.Append("<p>").Append(sentences).Append("</p>\n");
                    source.Append(sentences).Append("\n\n");
                }

                await copy.StartRowAsync();
                await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                await copy.WriteAsync(unit.Id, NpgsqlDbType.Uuid);
                await copy.WriteAsync(kind, NpgsqlDbType.Varchar);
                await copy.WriteAsync(category, NpgsqlDbType.Varchar);
                await copy.WriteAsync(title, NpgsqlDbType.Varchar);
                await copy.WriteAsync(Sentences[random.Next(Sentences.Length)], NpgsqlDbType.Varchar);
                await copy.WriteAsync(body.ToString(), NpgsqlDbType.Text);
                await copy.WriteAsync(source.ToString(), NpgsqlDbType.Text);
                await copy.WriteAsync(string.Create(invariant, $"bai-{n + 1}"), NpgsqlDbType.Varchar);
                await copy.WriteAsync("Published", NpgsqlDbType.Varchar);
                await copy.WriteAsync(published, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(published.AddDays(-1), NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(published, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(1, NpgsqlDbType.Integer);
                await WriteNullableAsync(copy, year, NpgsqlDbType.Varchar);
                await WriteNullableAsync(copy, number, NpgsqlDbType.Varchar);
                await WriteNullableAsync(copy, authority, NpgsqlDbType.Varchar);
                if (issued is { } day)
                {
                    await copy.WriteAsync(day, NpgsqlDbType.Date);
                }
                else
                {
                    await copy.WriteNullAsync();
                }
            }

            await copy.CompleteAsync();
        }

        await using (var analyze = new NpgsqlCommand("ANALYZE content_items", connection))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        return new Counts(news, documents, disclosures, sample ?? "1/QĐ-SGDĐT");
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            await copy.WriteNullAsync();
        }
        else
        {
            await copy.WriteAsync(value, type);
        }
    }
}
