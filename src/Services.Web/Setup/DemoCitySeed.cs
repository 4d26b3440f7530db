using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Content;
using Services.Data.Identity;
using Services.Data.Units;

namespace Services.Web.Setup;

/// <summary>
/// The demo city (a fictional "Bạch Đằng"): a department, two district offices, seven schools of every level,
/// and one account per role. Idempotent: units are matched by slug and accounts by e-mail.
/// </summary>
public sealed class DemoCitySeed(PortalDbContext db, UserManager<PortalUser> users, TimeProvider clock, ILogger<DemoCitySeed> logger)
{
    public const string DemoPassword = "BachDang@2026";

    public sealed record DemoAccount(string Email, string FullName, PortalRole? Role, string? UnitSlug);

    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("phuhuynh@demo.edu.vn", "Nguyễn Thị Lan", null, null),
        new("canbo.nbk@demo.edu.vn", "Trần Văn Minh", PortalRole.Staff, "th-nguyen-binh-khiem"),
        new("canbo.leloi@demo.edu.vn", "Lê Thị Hoa", PortalRole.Staff, "th-le-loi"),
        new("bientap.nbk@demo.edu.vn", "Phạm Quốc Huy", PortalRole.Editor, "th-nguyen-binh-khiem"),
        new("duyet.nbk@demo.edu.vn", "Võ Thị Mai", PortalRole.Approver, "th-nguyen-binh-khiem"),
        new("quantri.nbk@demo.edu.vn", "Đặng Văn Tùng", PortalRole.UnitAdmin, "th-nguyen-binh-khiem"),
        new("chuyenvien.binhan@demo.edu.vn", "Bùi Thị Ngọc", PortalRole.DistrictOfficer, "phong-gd-binh-an"),
        new("quantri.binhan@demo.edu.vn", "Trịnh Văn Khải", PortalRole.UnitAdmin, "phong-gd-binh-an"),
        // consult (issue 13): the second district's officer, who approves transfers across districts.
        new("chuyenvien.longhoa@demo.edu.vn", "Phan Văn Lộc", PortalRole.DistrictOfficer, "phong-gd-long-hoa"),
        new("thanhtra@demo.edu.vn", "Hoàng Minh Đức", PortalRole.Auditor, "so-gd-dt"),
        new("quantri@demo.edu.vn", "Ngô Thanh Sơn", PortalRole.SystemAdmin, "so-gd-dt"),
    ];

    public async Task RunAsync(CancellationToken ct)
    {
        var department = await UnitAsync(null, "so-gd-dt", UnitKind.Department,
            "Sở Giáo dục và Đào tạo thành phố Bạch Đằng", "Bach Dang City Department of Education and Training",
            "12 Lê Duẩn, phường Bến Nghé, thành phố Bạch Đằng", "028 3829 1234", "sogddt@demo.edu.vn", ct,
            ("Nguyễn Văn Hiếu", "Giám đốc Sở", "Director", "028 3829 1001", "giamdoc@demo.edu.vn",
                "Phụ trách chung; tổ chức cán bộ; kế hoạch tài chính.", "General management; personnel; planning and finance."),
            ("Lê Thị Thu Hà", "Phó Giám đốc Sở", "Deputy Director", "028 3829 1002", "phogiamdoc@demo.edu.vn",
                "Phụ trách giáo dục phổ thông, khảo thí và tuyển sinh.", "General education, examinations and admissions."));
        var binhAn = await UnitAsync(department.Id, "phong-gd-binh-an", UnitKind.DistrictOffice,
            "Phòng Giáo dục và Đào tạo quận Bình An", "Binh An District Office of Education and Training",
            "45 Nguyễn Huệ, phường Bình An, quận Bình An", "028 3822 4455", "pgdbinhan@demo.edu.vn", ct,
            ("Trần Quốc Bảo", "Trưởng phòng", "Head of Office", "028 3822 4456", "truongphong.binhan@demo.edu.vn",
                "Phụ trách chung; tuyển sinh đầu cấp.", "General management; entry-level admissions."));
        var longHoa = await UnitAsync(department.Id, "phong-gd-long-hoa", UnitKind.DistrictOffice,
            "Phòng Giáo dục và Đào tạo huyện Long Hòa", "Long Hoa District Office of Education and Training",
            "8 Quốc lộ 22, thị trấn Long Hòa, huyện Long Hòa", "028 3790 1122", "pgdlonghoa@demo.edu.vn", ct,
            ("Phan Thị Kim Oanh", "Trưởng phòng", "Head of Office", "028 3790 1123", "truongphong.longhoa@demo.edu.vn",
                "Phụ trách chung.", "General management."));

        await SchoolAsync(binhAn.Id, "mn-hoa-sen", UnitKind.Preschool, "Trường Mầm non Hoa Sen", "Hoa Sen Preschool",
            "21 Hoa Sen, phường Bình An, quận Bình An", "028 3822 7001", "mnhoasen@demo.edu.vn", "Nguyễn Thị Thanh Tâm", ct);
        await SchoolAsync(binhAn.Id, "th-nguyen-binh-khiem", UnitKind.PrimarySchool, "Trường Tiểu học Nguyễn Bỉnh Khiêm", "Nguyen Binh Khiem Primary School",
            "3 Nguyễn Bỉnh Khiêm, phường Đa Kao, quận Bình An", "028 3822 7002", "thnguyenbinhkhiem@demo.edu.vn", "Lý Văn Phúc", ct);
        await SchoolAsync(binhAn.Id, "thcs-tran-hung-dao", UnitKind.LowerSecondarySchool, "Trường Trung học cơ sở Trần Hưng Đạo", "Tran Hung Dao Lower Secondary School",
            "150 Trần Hưng Đạo, phường Cầu Kho, quận Bình An", "028 3822 7003", "thcstranhungdao@demo.edu.vn", "Đỗ Thị Hồng Nhung", ct);
        await SchoolAsync(longHoa.Id, "th-le-loi", UnitKind.PrimarySchool, "Trường Tiểu học Lê Lợi", "Le Loi Primary School",
            "77 Lê Lợi, xã Tân Thạnh, huyện Long Hòa", "028 3790 2001", "thleloi@demo.edu.vn", "Huỳnh Văn Toàn", ct);
        await SchoolAsync(longHoa.Id, "thcs-chu-van-an", UnitKind.LowerSecondarySchool, "Trường Trung học cơ sở Chu Văn An", "Chu Van An Lower Secondary School",
            "9 Chu Văn An, thị trấn Long Hòa, huyện Long Hòa", "028 3790 2002", "thcschuvanan@demo.edu.vn", "Trương Thị Bích Ngọc", ct);
        await SchoolAsync(department.Id, "thpt-le-quy-don", UnitKind.UpperSecondarySchool, "Trường Trung học phổ thông Lê Quý Đôn", "Le Quy Don Upper Secondary School",
            "110 Nguyễn Thị Minh Khai, phường Võ Thị Sáu, thành phố Bạch Đằng", "028 3930 5001", "thptlequydon@demo.edu.vn", "Vũ Đình Khoa", ct);
        await SchoolAsync(department.Id, "gdtx-bach-dang", UnitKind.ContinuingEducationCentre, "Trung tâm Giáo dục thường xuyên thành phố Bạch Đằng", "Bach Dang Continuing Education Centre",
            "66 Cách Mạng Tháng Tám, phường 7, thành phố Bạch Đằng", "028 3930 6001", "gdtx@demo.edu.vn", "Lâm Quang Vinh", ct);

        await GradeCapacitiesAsync(ct); // transfers (issue 13)
        await YearbookAsync(ct); // content6: the statistics yearbook

        foreach (var account in Accounts)
        {
            await AccountAsync(account, ct);
        }

        logger.LogInformation("Demo city seeded: {Units} units, {Users} accounts", await db.Units.CountAsync(ct), Accounts.Count);
    }

    /// <summary>
    /// transfers (issue 13): every school's grades with classes of 35 places, a few places free in most grades and
    /// none in the last, so the transfer desk shows both (only where a school has stated nothing yet).
    /// </summary>
    private async Task GradeCapacitiesAsync(CancellationToken ct)
    {
        var schools = await db.Units.Where(u => !db.SchoolGradeCapacities.Any(c => c.UnitId == u.Id)).ToListAsync(ct);
        foreach (var school in schools)
        {
            var grades = Services.Workflows.Transfers.TransferRequest.GradesOf(school.Kind);
            foreach (var grade in grades)
            {
                var classes = 3 + grade % 3;
                var capacity = classes * 35;
                db.SchoolGradeCapacities.Add(new Services.Data.Transfers.SchoolGradeCapacity
                {
                    UnitId = school.Id, Grade = grade, Classes = classes, Capacity = capacity,
                    Pupils = grade == grades[^1] ? capacity : capacity - 2 * classes, UpdatedAt = clock.GetUtcNow(),
                });
            }
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// content6: five school years of figures for every school (growing a little each year), and for each office and
    /// the department the totals of the schools under them; only for units that have stated nothing yet.
    /// </summary>
    private async Task YearbookAsync(CancellationToken ct)
    {
        var units = await db.Units.AsNoTracking().OrderBy(u => u.Slug).ToListAsync(ct);
        var stated = await db.YearbookEntries.Select(e => e.UnitId).Distinct().ToListAsync(ct);
        var years = Services.Workflows.Content.Yearbook.YearsOn(Services.Web.Localization.VietnamTime.Today(clock));
        var schools = units.Where(u => u.ParentId is not null && units.All(c => c.ParentId != u.Id)).ToList();
        var figures = new Dictionary<(Guid, string), YearbookEntry>();
        for (var k = 0; k < schools.Count; k++)
        {
            for (var y = 0; y < years.Count; y++)
            {
                var classes = 16 + (2 * k) + y;
                var entry = new YearbookEntry
                {
                    UnitId = schools[k].Id, SchoolYear = years[y], Schools = 1, Classes = classes, Teachers = classes * 3 / 2 + k,
                    Pupils = (classes * 33) + (7 * y), Classrooms = classes - 2 + (y / 2), UpdatedAt = clock.GetUtcNow(),
                };
                figures[(entry.UnitId, entry.SchoolYear)] = entry;
                // Every unit above the school counts it: its office, and the department above that.
                for (var parent = units.Find(u => u.Id == schools[k].ParentId); parent is not null; parent = units.Find(u => u.Id == parent.ParentId))
                {
                    if (!figures.TryGetValue((parent.Id, entry.SchoolYear), out var total))
                    {
                        total = new YearbookEntry { UnitId = parent.Id, SchoolYear = entry.SchoolYear, UpdatedAt = clock.GetUtcNow() };
                        figures[(parent.Id, entry.SchoolYear)] = total;
                    }

                    total.Schools += 1;
                    total.Classes += entry.Classes;
                    total.Teachers += entry.Teachers;
                    total.Pupils += entry.Pupils;
                    total.Classrooms += entry.Classrooms;
                }
            }
        }

        db.YearbookEntries.AddRange(figures.Values.Where(e => !stated.Contains(e.UnitId)));
        await db.SaveChangesAsync(ct);
    }

    private Task<Unit> SchoolAsync(Guid parentId, string slug, UnitKind kind, string nameVi, string nameEn, string address, string phone, string email, string principal, CancellationToken ct) =>
        UnitAsync(parentId, slug, kind, nameVi, nameEn, address, phone, email, ct,
            (principal, "Hiệu trưởng", "Principal", phone, $"hieutruong.{email}", "Phụ trách chung; tuyển sinh; tài chính.", "General management; admissions; finance."));

    private async Task<Unit> UnitAsync(
        Guid? parentId, string slug, UnitKind kind, string nameVi, string nameEn, string address, string phone, string email, CancellationToken ct,
        params (string Name, string TitleVi, string TitleEn, string Phone, string Email, string DutiesVi, string DutiesEn)[] leaders)
    {
        var unit = await db.Units.FirstOrDefaultAsync(u => u.Slug == slug, ct);
        if (unit is not null)
        {
            return unit;
        }

        unit = new Unit
        {
            Id = Guid.CreateVersion7(),
            Slug = slug,
            Kind = kind,
            ParentId = parentId,
            NameVi = nameVi,
            NameEn = nameEn,
            Address = address,
            Phone = phone,
            Email = email,
            CreatedAt = clock.GetUtcNow(),
        };
        var order = 0;
        foreach (var l in leaders)
        {
            unit.Leaders.Add(new UnitLeader
            {
                Id = Guid.CreateVersion7(), Name = l.Name, TitleVi = l.TitleVi, TitleEn = l.TitleEn, Phone = l.Phone, Email = l.Email,
                DutiesVi = l.DutiesVi, DutiesEn = l.DutiesEn, SortOrder = order++,
            });
        }

        db.Units.Add(unit);
        await db.SaveChangesAsync(ct);
        return unit;
    }

    private async Task AccountAsync(DemoAccount account, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(account.Email);
        if (user is null)
        {
            user = new PortalUser
            {
                Id = Guid.CreateVersion7(),
                UserName = account.Email,
                Email = account.Email,
                EmailConfirmed = true,
                FullName = account.FullName,
                CreatedAt = clock.GetUtcNow(),
            };
            var created = await users.CreateAsync(user, DemoPassword);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException($"Cannot create {account.Email}: {string.Join("; ", created.Errors.Select(e => e.Description))}");
            }
        }

        if (account.Role is not { } role)
        {
            return;
        }

        // The key exists from the start so ./portal totp works; two-factor is switched on by the user at first sign-in.
        if (await users.GetAuthenticatorKeyAsync(user) is null)
        {
            await users.ResetAuthenticatorKeyAsync(user);
        }

        var unit = await db.Units.SingleAsync(u => u.Slug == account.UnitSlug, ct);
        if (!await db.UnitMemberships.AnyAsync(m => m.UserId == user.Id && m.UnitId == unit.Id && m.Role == role, ct))
        {
            db.UnitMemberships.Add(new UnitMembership { Id = Guid.CreateVersion7(), UserId = user.Id, UnitId = unit.Id, Role = role, GrantedAt = clock.GetUtcNow() });
            await db.SaveChangesAsync(ct);
        }
    }
}
