using Services.Data;
using Services.Data.Catalogue;
using Services.Data.Units;

namespace Services.Tests.Integration.Search;

/// <summary>A small city to search: a department and two schools, their procedures (one with script in its name, many alike for paging).</summary>
public static class SearchData
{
    public const string SchoolA = "th-tk-a";
    public const string SchoolB = "th-tk-b";
    public const int Certificates = 23;

    public static async Task SeedAsync(PortalDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var department = Unit("so-tk", UnitKind.Department, null, "Sở Giáo dục và Đào tạo Thử nghiệm", "Education Department (test)", "1 Lê Lợi");
        var a = Unit(SchoolA, UnitKind.PrimarySchool, department.Id, "Trường Tiểu học Đinh Tiên Hoàng", "Dinh Tien Hoang Primary School", "12 Điện Biên Phủ, Phường Đa Kao");
        var b = Unit(SchoolB, UnitKind.PrimarySchool, department.Id, "Trường Tiểu học Lê Văn Tám", "Le Van Tam Primary School", "5 Hai Bà Trưng");
        db.Units.AddRange(department, a, b);
        db.Procedures.AddRange(
            Procedure(a, "TS-01", "Tuyển sinh lớp 1", "First-grade admission"),
            Procedure(b, "TS-02", "Tuyen sinh bo sung", null),
            Procedure(b, "CT-01", "Chuyển trường trong thành phố", "School transfer"),
            Procedure(a, "XSS-01", "Đơn <script>alert(1)</script> xin học", null),
            Procedure(a, "NB-01", "Thủ tục nháp chưa công bố", null, published: false));
        for (var i = 1; i <= Certificates; i++)
        {
            db.Procedures.Add(Procedure(b, $"GCN-{i:00}", $"Cấp giấy chứng nhận hoàn thành số {i}", null));
        }

        await db.SaveChangesAsync();
    }

    public static Unit Unit(string slug, UnitKind kind, Guid? parentId, string nameVi, string nameEn, string address) => new()
    {
        Id = Guid.CreateVersion7(), Slug = slug, NameVi = nameVi, NameEn = nameEn, Kind = kind, ParentId = parentId,
        Address = address, Phone = "028 0000 0000", Email = slug + "@test.edu.vn", CreatedAt = DateTimeOffset.UtcNow,
    };

    public static Procedure Procedure(Unit unit, string code, string nameVi, string? nameEn, bool published = true) => new()
    {
        Id = Guid.CreateVersion7(), UnitId = unit.Id, Code = code, NameVi = nameVi, NameEn = nameEn, FieldVi = "Giáo dục tiểu học", Level = ServiceLevel.Offline,
        StepsVi = ["Nộp đơn tại văn phòng", "Nhận kết quả"], ComponentsVi = ["Đơn đề nghị"], SubmissionVi = "Nộp tại văn phòng",
        HandlerName = "Văn phòng", HandlerContact = "028 0000 0000", ProcessingDays = 2, FeesVi = "Không",
        LegalBasisVi = "Luật Giáo dục 2019", IsPublished = published, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
    };
}
