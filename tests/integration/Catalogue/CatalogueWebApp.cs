using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Services.Data;
using Services.Data.Catalogue;
using Services.Data.Units;
using Services.Tests.Integration.Infrastructure;
using Services.Web;
using Services.Workflows;
using Services.Workflows.Dossiers.Attachments;

namespace Services.Tests.Integration.Catalogue;

/// <summary>
/// The real web application (same service registrations and pipeline as Program.cs) on Kestrel at a free loopback
/// port, over a fresh migrated database with a small catalogue: a department, two schools, published and draft
/// procedures, and one uploaded form file.
/// </summary>
public sealed class CatalogueWebApp : IAsyncLifetime
{
    public static readonly byte[] FormPdf = "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"u8.ToArray();

    private readonly TestDatabase _database = new();
    private RunningPortal? _portal;

    public HttpClient Client => _portal!.Client;
    public string DepartmentSlug { get; } = "so-web";
    public string SchoolSlug { get; } = "th-web-a";
    public string OtherSchoolSlug { get; } = "th-web-b";
    public Guid SchoolId { get; private set; }
    public Guid OtherSchoolId { get; private set; }
    public Guid OtherSchoolProcedureId { get; private set; }
    public Guid PublishedFormId { get; private set; }
    public Guid DraftFormId { get; private set; }

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _portal = await RunningPortal.StartAsync(_database.ConnectionString, configure: builder =>
        {
            builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
            // Authenticate by the test header; challenges still go to the portal's sign-in page.
            builder.Services.Configure<AuthenticationOptions>(o => o.DefaultAuthenticateScheme = HeaderAuthentication.SchemeName);
        });
        await SeedAsync(_portal.Services);
        _portal.Services.GetRequiredService<Services.Web.Units.UnitDirectory>().Invalidate();
    }

    public async Task DisposeAsync()
    {
        if (_portal is not null)
        {
            await _portal.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    /// <summary>A client signed in as holding <paramref name="role"/> in <paramref name="unitId"/>, keeping cookies (antiforgery, TempData).</summary>
    public HttpClient ClientAs(Guid unitId, Services.Data.Identity.PortalRole role)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new System.Net.CookieContainer() })
        {
            BaseAddress = Client.BaseAddress,
        };
        client.DefaultRequestHeaders.Add(HeaderAuthentication.Header, Services.Web.Security.PortalClaims.MembershipValue(unitId, role));
        return client;
    }

    public PortalDbContext CreateContext() => _database.CreateContext();

    private async Task SeedAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var store = scope.ServiceProvider.GetRequiredService<IAttachmentStore>();
        var department = Unit(DepartmentSlug, UnitKind.Department, null, "Sở Giáo dục thử nghiệm");
        var school = Unit(SchoolSlug, UnitKind.PrimarySchool, department.Id, "Trường Tiểu học Thử nghiệm A");
        var other = Unit(OtherSchoolSlug, UnitKind.PrimarySchool, department.Id, "Trường Tiểu học Thử nghiệm B");
        db.Units.AddRange(department, school, other);
        SchoolId = school.Id;
        OtherSchoolId = other.Id;

        var leave = Procedure(school, "NH-01", "Xin nghỉ học", "Quản lý học sinh", ServiceLevel.Full, "xin-nghi-hoc", published: true);
        var copy = Procedure(school, "HB-01", "Cấp bản sao học bạ", "Văn bằng, chứng chỉ", ServiceLevel.Offline, null, published: true);
        var draft = Procedure(school, "HP-01", "Thủ tục nháp bí mật", "Chính sách", ServiceLevel.Full, "nhap", published: false);
        var otherLeave = Procedure(other, "XN-01", "Xác nhận học sinh trường B", "Quản lý học sinh", ServiceLevel.Full, "xac-nhan-hoc-sinh", published: true);
        var departmentOwn = Procedure(department, "VB-01", "Cấp bản sao văn bằng", "Văn bằng, chứng chỉ", ServiceLevel.Offline, null, published: true);
        db.Procedures.AddRange(leave, copy, draft, otherLeave, departmentOwn);
        // The online services the procedures link to exist, as the admin form demands.
        db.OnlineForms.AddRange(
            OnlineForm(school, "xin-nghi-hoc", "Xin nghỉ học"),
            OnlineForm(school, "phuc-khao-bai-kiem-tra", "Phúc khảo bài kiểm tra"),
            OnlineForm(other, "xac-nhan-hoc-sinh", "Xác nhận học sinh đang học tại trường"));
        OtherSchoolProcedureId = otherLeave.Id;

        var stored = (await store.SaveAsync(new MemoryStream(FormPdf), "../../Mẫu đơn xin nghỉ học.pdf", 0, default)).Attachment!;
        PublishedFormId = stored.Id;
        leave.Forms.Add(Form(stored, leave.Id, "Mẫu đơn xin nghỉ học"));
        var draftStored = (await store.SaveAsync(new MemoryStream(FormPdf), "nhap.pdf", 0, default)).Attachment!;
        DraftFormId = draftStored.Id;
        draft.Forms.Add(Form(draftStored, draft.Id, "Mẫu nháp"));
        await db.SaveChangesAsync();
    }


    private static Unit Unit(string slug, UnitKind kind, Guid? parentId, string name) => new()
    {
        Id = Guid.CreateVersion7(), Slug = slug, NameVi = name, NameEn = name + " (EN)", Kind = kind, ParentId = parentId,
        Address = "1 Lê Lợi", Phone = "028 0000 0000", Email = slug + "@test.edu.vn", CreatedAt = DateTimeOffset.UtcNow,
    };

    private static Services.Data.GenericForms.OnlineForm OnlineForm(Unit unit, string slug, string title) => new()
    {
        Id = Guid.CreateVersion7(), UnitId = unit.Id, Slug = slug, TitleVi = title, TitleEn = title + " (EN)", DescriptionVi = title,
        DescriptionEn = title, ProcessingDays = 2, Status = Services.Data.GenericForms.OnlineFormStatus.Published, Version = 1,
        Fields = [new Services.Data.Dossiers.FormField { Key = "ly-do", Kind = Services.Data.Dossiers.FormFieldKind.Text, Required = true, Step = 1, LabelVi = "Lý do", LabelEn = "Reason" }],
        CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, PublishedAt = DateTimeOffset.UtcNow,
    };

    private static Procedure Procedure(Unit unit, string code, string name, string field, ServiceLevel level, string? slug, bool published) => new()
    {
        Id = Guid.CreateVersion7(), UnitId = unit.Id, Code = code, NameVi = name, FieldVi = field, Level = level,
        StepsVi = ["Nộp đơn", "Nhận kết quả"], ComponentsVi = ["Đơn đề nghị"], SubmissionVi = "Nộp tại văn phòng",
        HandlerName = "Văn phòng", HandlerContact = "028 0000 0000", ProcessingDays = 2, FeesVi = "Không",
        LegalBasisVi = "Luật Giáo dục 2019", OnlineServiceSlug = slug, IsPublished = published,
        CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
    };

    private static ProcedureForm Form(StoredAttachment file, Guid procedureId, string title) => new()
    {
        Id = file.Id, ProcedureId = procedureId, Title = title, FileName = file.FileName, Sha256 = file.Sha256,
        Size = file.Size, ContentType = file.ContentType, UploadedAt = DateTimeOffset.UtcNow,
    };
}
