using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Services.Data;
using Services.Data.Catalogue;
using Services.Data.Units;
using Services.Tests.Integration.Infrastructure;
using Services.Web.Catalogue;
using Services.Web.Setup;
using Services.Workflows.Dossiers.Attachments;

namespace Services.Tests.Integration.Catalogue;

/// <summary>The public catalogue's queries against real PostgreSQL: filters, the department's aggregation, and unit isolation.</summary>
public sealed class CatalogueQueriesTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private Unit _department = null!;
    private Unit _schoolA = null!;
    private Unit _schoolB = null!;

    public async Task InitializeAsync()
    {
        await using var db = database.CreateContext();
        _department = NewUnit("so-test", UnitKind.Department, null);
        _schoolA = NewUnit("th-a", UnitKind.PrimarySchool, _department.Id);
        _schoolB = NewUnit("th-b", UnitKind.PrimarySchool, _department.Id);
        db.Units.AddRange(_department, _schoolA, _schoolB);
        db.Procedures.AddRange(
            NewProcedure(_schoolA, "NH-01", "Quản lý học sinh", ServiceLevel.Full, "xin-nghi-hoc", published: true, sortOrder: 2),
            NewProcedure(_schoolA, "TS-01", "Tuyển sinh", ServiceLevel.Partial, "tuyen-sinh", published: true, sortOrder: 1),
            NewProcedure(_schoolA, "HB-01", "Văn bằng, chứng chỉ", ServiceLevel.Offline, null, published: true, sortOrder: 3),
            NewProcedure(_schoolA, "HP-01", "Chính sách học sinh", ServiceLevel.Full, "mien-giam-hoc-phi", published: false, sortOrder: 0),
            NewProcedure(_schoolB, "NH-01", "Quản lý học sinh", ServiceLevel.Full, "xin-nghi-hoc", published: true, sortOrder: 1),
            NewProcedure(_schoolB, "BM-99", "Bí mật", ServiceLevel.Full, "ban-nhap", published: false, sortOrder: 0),
            NewProcedure(_department, "VB-01", "Văn bằng, chứng chỉ", ServiceLevel.Offline, null, published: true, sortOrder: 1),
            NewProcedure(_department, "DV-01", "Tuyển sinh", ServiceLevel.Full, "tuyen-sinh-10", published: true, sortOrder: 2));
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_unit_lists_its_published_procedures_in_its_order()
    {
        await using var db = database.CreateContext();

        var list = await new ProcedureCatalogue(db).ListAsync(_schoolA.Id, new ProcedureFilter(), default);

        Assert.Equal(["TS-01", "NH-01", "HB-01"], list.Select(p => p.Code));
    }

    [Fact]
    public async Task The_field_filter_keeps_only_that_field()
    {
        await using var db = database.CreateContext();

        var list = await new ProcedureCatalogue(db).ListAsync(_schoolA.Id, new ProcedureFilter(Field: "Tuyển sinh"), default);

        Assert.Equal(["TS-01"], list.Select(p => p.Code));
    }

    [Fact]
    public async Task The_level_filter_keeps_only_that_level_and_combines_with_the_field()
    {
        await using var db = database.CreateContext();
        var catalogue = new ProcedureCatalogue(db);

        var full = await catalogue.ListAsync(_schoolA.Id, new ProcedureFilter(Level: ServiceLevel.Full), default);
        var none = await catalogue.ListAsync(_schoolA.Id, new ProcedureFilter("Tuyển sinh", ServiceLevel.Full), default);
        var offline = await catalogue.ListAsync(_schoolA.Id, new ProcedureFilter(Level: ServiceLevel.Offline), default);

        Assert.Equal(["NH-01"], full.Select(p => p.Code)); // HP-01 is full too, but unpublished
        Assert.Empty(none);
        Assert.Equal(["HB-01"], offline.Select(p => p.Code));
    }

    [Fact]
    public async Task The_field_choices_come_from_published_procedures_only()
    {
        await using var db = database.CreateContext();

        var fields = await new ProcedureCatalogue(db).FieldsAsync(_schoolA.Id, default);

        Assert.Equal(["Quản lý học sinh", "Tuyển sinh", "Văn bằng, chứng chỉ"], fields.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("Chính sách học sinh", fields);
    }

    [Fact]
    public async Task A_unit_never_shows_another_units_procedures_published_or_not()
    {
        await using var db = database.CreateContext();
        var catalogue = new ProcedureCatalogue(db);

        var listB = await catalogue.ListAsync(_schoolB.Id, new ProcedureFilter(), default);

        Assert.Equal(["NH-01"], listB.Select(p => p.Code));
        Assert.All(listB, p => Assert.Equal(_schoolB.Id, p.UnitId));
        Assert.Null(await catalogue.FindAsync(_schoolB.Id, "TS-01", default)); // A's code, asked on B's page
        Assert.Null(await catalogue.FindAsync(_schoolA.Id, "BM-99", default)); // B's draft, asked on A's page
        Assert.Null(await catalogue.FindAsync(_schoolB.Id, "BM-99", default)); // B's own draft
        Assert.Null(await catalogue.FindAsync(_schoolA.Id, "HP-01", default));
        Assert.Equal(_schoolB.Id, (await catalogue.FindAsync(_schoolB.Id, "NH-01", default))!.UnitId);
    }

    [Fact]
    public async Task The_department_gathers_every_units_published_online_services_but_not_its_own()
    {
        await using var db = database.CreateContext();

        var online = await new ProcedureCatalogue(db).OnlineServicesOfOtherUnitsAsync(_department.Id, new ProcedureFilter(), default);

        var found = online.Select(p => (p.UnitId, p.Code)).ToHashSet();
        Assert.Equal(
            new HashSet<(Guid, string)> { (_schoolA.Id, "NH-01"), (_schoolA.Id, "TS-01"), (_schoolB.Id, "NH-01") },
            found);
        Assert.All(online, p => Assert.True(p.IsPublished && p.OnlineServiceSlug is not null));
    }

    [Fact]
    public async Task The_department_aggregation_honours_the_filter()
    {
        await using var db = database.CreateContext();

        var online = await new ProcedureCatalogue(db).OnlineServicesOfOtherUnitsAsync(_department.Id, new ProcedureFilter(Level: ServiceLevel.Partial), default);

        Assert.Equal([(_schoolA.Id, "TS-01")], online.Select(p => (p.UnitId, p.Code)));
    }

    [Fact]
    public async Task A_form_is_found_only_through_its_own_published_procedure()
    {
        Guid formId;
        await using (var db = database.CreateContext())
        {
            var procedure = await db.Procedures.SingleAsync(p => p.UnitId == _schoolA.Id && p.Code == "NH-01");
            var draft = await db.Procedures.SingleAsync(p => p.UnitId == _schoolA.Id && p.Code == "HP-01");
            formId = Guid.CreateVersion7();
            db.ProcedureForms.Add(NewForm(procedure.Id, formId));
            db.ProcedureForms.Add(NewForm(draft.Id, Guid.CreateVersion7()));
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateContext())
        {
            var catalogue = new ProcedureCatalogue(db);
            Assert.NotNull(await catalogue.FindFormAsync(_schoolA.Id, "NH-01", formId, default));
            Assert.Null(await catalogue.FindFormAsync(_schoolB.Id, "NH-01", formId, default)); // same code, other school
            Assert.Null(await catalogue.FindFormAsync(_schoolA.Id, "TS-01", formId, default)); // other procedure
            var draftForm = await db.ProcedureForms.SingleAsync(f => f.Id != formId);
            Assert.Null(await catalogue.FindFormAsync(_schoolA.Id, "HP-01", draftForm.Id, default));
            Assert.Single((await catalogue.FindAsync(_schoolA.Id, "NH-01", default))!.Forms);
        }
    }

    [Fact]
    public async Task The_seed_gives_every_school_its_online_services_and_is_idempotent()
    {
        await using var db = database.CreateContext();
        var files = Path.Combine(Path.GetTempPath(), "portal-seed-" + Guid.NewGuid().ToString("N"));
        var store = new FileSystemAttachmentStore(new AttachmentOptions(), files);
        var seed = new CatalogueSeed(db, store, TimeProvider.System, NullLogger<CatalogueSeed>.Instance);

        await seed.RunAsync(default);
        var first = await db.Procedures.CountAsync();
        await seed.RunAsync(default);

        Assert.Equal(first, await db.Procedures.CountAsync());
        var catalogue = new ProcedureCatalogue(db);
        var schoolA = await catalogue.ListAsync(_schoolA.Id, new ProcedureFilter(), default);
        Assert.Contains(schoolA, p => p.OnlineServiceSlug == "xin-nghi-hoc");
        Assert.Contains(schoolA, p => p.OnlineServiceSlug == Services.Workflows.StudentStatus.StudentStatusService.Slug);
        Assert.Contains(schoolA, p => p.OnlineServiceSlug == "phuc-khao-bai-kiem-tra");
        Assert.Contains(schoolA, p => p.OnlineServiceSlug == "tuyen-sinh");
        Assert.Contains(schoolA, p => p.OnlineServiceSlug is null && p.Level == ServiceLevel.Offline);
        Assert.Contains(await catalogue.ListAsync(_department.Id, new ProcedureFilter(), default), p => p.Code == "VB-01");

        // Procedures the seed added come with a printable form, stored in the attachment store as a PDF.
        var confirmation = await catalogue.FindAsync(_schoolA.Id, "XN-01", default);
        var form = Assert.Single(confirmation!.Forms);
        Assert.Equal("application/pdf", form.ContentType);
        await using (var content = store.OpenRead(form.Sha256))
        {
            Assert.NotNull(content);
            Assert.Equal(form.Size, content.Length);
        }

        Directory.Delete(files, recursive: true);
    }

    private static Unit NewUnit(string slug, UnitKind kind, Guid? parentId) => new()
    {
        Id = Guid.CreateVersion7(),
        Slug = slug + "-" + Guid.NewGuid().ToString("N")[..6],
        NameVi = "Đơn vị " + slug,
        NameEn = "Unit " + slug,
        Kind = kind,
        ParentId = parentId,
        Address = "1 Lê Lợi",
        Phone = "028 0000 0000",
        Email = slug + "@test.edu.vn",
        CreatedAt = DateTimeOffset.UtcNow,
    };

    private static Procedure NewProcedure(Unit unit, string code, string field, ServiceLevel level, string? slug, bool published, int sortOrder) => new()
    {
        Id = Guid.CreateVersion7(),
        UnitId = unit.Id,
        Code = code,
        NameVi = "Thủ tục " + code,
        FieldVi = field,
        Level = level,
        StepsVi = ["Bước 1", "Bước 2"],
        ComponentsVi = ["Đơn"],
        SubmissionVi = "Nộp tại trường",
        HandlerName = "Văn phòng",
        HandlerContact = "028 0000 0000",
        ProcessingDays = 3,
        FeesVi = "Không",
        LegalBasisVi = "Luật Giáo dục 2019",
        OnlineServiceSlug = slug,
        IsPublished = published,
        SortOrder = sortOrder,
        CreatedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
    };

    private static ProcedureForm NewForm(Guid procedureId, Guid id) => new()
    {
        Id = id,
        ProcedureId = procedureId,
        Title = "Mẫu đơn",
        FileName = "mau-don.pdf",
        Sha256 = new string('a', 64),
        Size = 100,
        ContentType = "application/pdf",
        UploadedAt = DateTimeOffset.UtcNow,
    };
}
