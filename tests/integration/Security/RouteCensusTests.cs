using System.Net;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Services.Tests.Integration.Infrastructure;

namespace Services.Tests.Integration.Security;

/// <summary>
/// S1: every endpoint the portal maps is declared here exactly once with who may use it; an endpoint nobody declared
/// fails the census. Each is then requested as anonymous, as a citizen, as staff, admin and auditor, and as staff of
/// another unit, and must answer as declared; every POST handler of every page needs the antiforgery token and the
/// declared access.
/// </summary>
public sealed class RouteCensusTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private enum Access
    {
        /// <summary>Anyone, signed in or not.</summary>
        Public,
        /// <summary>Any signed-in account.</summary>
        SignedIn,
        /// <summary>Anyone holding a unit role (with the second factor).</summary>
        AnyUnitRole,
        /// <summary>Staff, unit admins and district officers of the unit in the route.</summary>
        UnitStaff,
        /// <summary>Unit admins of the unit in the route.</summary>
        UnitAdmin,
        /// <summary>Auditors of the unit in the route.</summary>
        UnitAuditor,
        /// <summary>System administrators only.</summary>
        SystemAdmin,
        /// <summary>content: editors, approvers and admins of the unit in the route.</summary>
        UnitEditorial,
        /// <summary>examsapi: machine clients with a bearer token only (ADR 0022); every cookie visitor gets 401.</summary>
        ApiClient,
    }

    private const string UnitA = "th-nguyen-binh-khiem";

    /// <summary>The declaration: route template (as mapped) → who may use it. One line per endpoint.</summary>
    private static readonly Dictionary<string, Access> Declared = new(StringComparer.Ordinal)
    {
        ["healthz"] = Access.Public,
        ["readyz"] = Access.Public,
        ["{unit?}"] = Access.Public,
        ["{unit}/gioi-thieu"] = Access.Public,
        ["{unit}/lien-he"] = Access.Public,
        ["{unit}/thu-tuc"] = Access.Public,
        ["{unit}/thu-tuc/{code}"] = Access.Public,
        ["{unit}/thu-tuc/{code}/bieu-mau/{formId:guid}"] = Access.Public,
        ["{unit}/dich-vu-cong"] = Access.Public,
        ["{unit}/dich-vu/{service}"] = Access.Public,
        ["{unit}/dich-vu/{service}/buoc/{step:int}"] = Access.Public,
        ["{unit}/dich-vu/{service}/kiem-tra"] = Access.Public,
        ["{unit}/dich-vu/{service}/da-nop"] = Access.Public,
        ["tra-cuu-ho-so"] = Access.Public,
        ["tim-truong"] = Access.Public,
        ["loi/{code:int}"] = Access.Public,
        ["tai-khoan/dang-nhap"] = Access.Public,
        ["tai-khoan/dang-xuat"] = Access.Public,
        ["tai-khoan/dang-ky"] = Access.Public,
        ["tai-khoan/quen-mat-khau"] = Access.Public,
        ["tai-khoan/dat-lai-mat-khau"] = Access.Public,
        ["tai-khoan/xac-nhan-email"] = Access.Public,
        ["tai-khoan/xac-thuc-hai-buoc"] = Access.Public,
        ["tai-khoan/khoa"] = Access.Public,
        ["tai-khoan/tu-choi-truy-cap"] = Access.Public,
        ["tai-khoan/ho-so-cua-toi"] = Access.SignedIn,
        ["tai-khoan/thong-bao"] = Access.SignedIn,
        ["tai-khoan/xac-thuc-hai-buoc/thiet-lap"] = Access.SignedIn,
        ["can-bo"] = Access.AnyUnitRole,
        ["can-bo/{unit}"] = Access.UnitStaff,
        ["can-bo/{unit}/ho-so/{code}"] = Access.UnitStaff,
        ["quan-tri/{unit}/bieu-mau"] = Access.UnitAdmin,
        ["quan-tri/{unit}/bieu-mau/{id}"] = Access.UnitAdmin,
        ["quan-tri/{unit}/bieu-mau/{id:guid}/xem-truoc"] = Access.UnitAdmin,
        ["quan-tri/{unit}/thu-tuc"] = Access.UnitAdmin,
        ["quan-tri/{unit}/thu-tuc/{id}"] = Access.UnitAdmin,
        ["quan-tri/{unit}/van-hanh"] = Access.UnitAdmin,
        ["quan-tri/van-hanh"] = Access.SystemAdmin,
        ["he-thong/ngay-nghi"] = Access.SystemAdmin,
        ["kiem-tra/{unit}"] = Access.UnitAuditor,
        // audit: the audit console (branch audit)
        ["kiem-tra/{unit}/ho-so"] = Access.UnitAuditor,
        ["kiem-tra/{unit}/ho-so/{id:guid}"] = Access.UnitAuditor,
        ["kiem-tra/{unit}/nguoi-thuc-hien"] = Access.UnitAuditor,
        ["kiem-tra/{unit}/thong-ke"] = Access.UnitAuditor,
        ["can-bo/{unit}/danh-sach-trong-ngay"] = Access.UnitStaff,
        ["can-bo/{unit}/truong/{school}"] = Access.UnitAdmin, // and the district office's officers: a district looks into its schools
        ["quan-tri/tai-khoan"] = Access.SystemAdmin,
        ["quan-tri/tai-khoan/{id:guid}"] = Access.SystemAdmin,
        ["quan-tri/don-vi"] = Access.SystemAdmin,
        ["quan-tri/don-vi/sua/{id:guid?}"] = Access.SystemAdmin,
        ["nhat-ky-kiem-chung"] = Access.Public,
        ["nhat-ky-kiem-chung.json"] = Access.Public,
        ["{unit}/dich-vu/giay-xac-nhan-hoc-sinh"] = Access.Public,
        // Entry-level admissions (issue 11).
        ["{unit}/dich-vu/tuyen-sinh"] = Access.Public,
        ["{unit}/dich-vu/tuyen-sinh/dang-ky"] = Access.Public,
        ["{unit}/dich-vu/tuyen-sinh/ket-qua"] = Access.Public,
        ["quan-tri/{unit}/tuyen-sinh"] = Access.UnitAdmin,
        ["can-bo/{unit}/tuyen-sinh"] = Access.UnitStaff,
        ["can-bo/{unit}/tuyen-sinh/{id:guid}"] = Access.UnitStaff,
        // Admissions: the public lists and the information page (issue 11).
        ["{unit}/dich-vu/tuyen-sinh/danh-sach"] = Access.Public,
        ["{unit}/dich-vu/tuyen-sinh/thong-tin"] = Access.Public,
        // Transfers (issue 13)
        ["{unit}/dich-vu/chuyen-truong"] = Access.Public,
        ["quan-tri/{unit}/si-so"] = Access.UnitAdmin, // a school's grades and places
        // issue 14: a unit's own portal set-up, and its logo.
        ["quan-tri/{unit}/cong-thong-tin"] = Access.UnitAdmin,
        ["quan-tri/{unit}/cong-thong-tin/lanh-dao"] = Access.UnitAdmin, // content7: the unit's leaders
        ["{unit}/logo"] = Access.Public,
        ["xac-minh/{token}"] = Access.Public,
        // Exams and certificates (issue 12).
        ["tra-cuu-diem"] = Access.Public,
        ["tra-cuu-diem/ket-qua"] = Access.Public,
        ["can-bo/{unit}/ky-thi"] = Access.UnitStaff,
        ["can-bo/{unit}/ky-thi/{id:guid}"] = Access.UnitStaff,
        ["can-bo/{unit}/ky-thi/nhap/{id:guid}"] = Access.UnitStaff,
        ["can-bo/{unit}/van-bang"] = Access.UnitStaff,
        ["can-bo/{unit}/van-bang/de-nghi"] = Access.UnitStaff, // certs: proposals and their approval
        ["can-bo/{unit}/van-bang/{id:guid}/de-nghi"] = Access.UnitStaff, // certs: propose a revocation or correction
        ["xac-minh-van-bang"] = Access.Public,
        ["xac-minh-van-bang/{token}"] = Access.Public,
        // search (issue 14): the city-wide search.
        ["tim-kiem"] = Access.Public,
        // consult (issue 13): public consultations.
        ["{unit}/gop-y"] = Access.Public,
        ["{unit}/gop-y/{id:guid}"] = Access.Public,
        ["{unit}/gop-y/xac-nhan/{token}"] = Access.Public,
        ["quan-tri/{unit}/gop-y"] = Access.UnitEditorial, // transfers (issue 13, ADR 0026): the editorial board
        ["quan-tri/{unit}/gop-y/{id:guid}"] = Access.UnitEditorial,
        // exams2 (issue 12): re-grading.
        ["tra-cuu-diem/phuc-khao"] = Access.Public,
        ["can-bo/{unit}/phuc-khao"] = Access.UnitStaff,
        // people2 (issue 9): a unit administrator's staff.
        ["quan-tri/{unit}/can-bo"] = Access.UnitAdmin,
        // content (issue 14): unit portals' news, documents, disclosures, feeds, and the editorial board's pages.
        ["{unit}/tin-tuc"] = Access.Public,
        ["{unit}/van-ban"] = Access.Public,
        ["{unit}/cong-khai"] = Access.Public,
        ["{unit}/cai-cach-hanh-chinh"] = Access.Public,
        ["{unit}/{section:regex(^(tin-tuc|van-ban|cong-khai|hoc-lieu)$)}/{slug}"] = Access.Public,
        ["{unit}/hoc-lieu"] = Access.Public, // content6: digital resources
        ["{unit}/rss.xml"] = Access.Public,
        ["{unit}/rss/{category}.xml"] = Access.Public,
        ["sitemap.xml"] = Access.Public,
        ["robots.txt"] = Access.Public,
        ["quan-tri/{unit}/noi-dung"] = Access.UnitEditorial,
        ["quan-tri/{unit}/noi-dung/{id}"] = Access.UnitEditorial,
        ["quan-tri/{unit}/noi-dung/{id:guid}/phien-ban"] = Access.UnitEditorial,
        ["quan-tri/{unit}/noi-dung/{id:guid}/anh"] = Access.UnitEditorial, // content7: a news image before publication
        ["{unit}/tin-tuc/anh/{id:guid}/{size:regex(^(lon|nho)$)}"] = Access.Public, // content7: a published news image
        ["{unit}/nien-giam-thong-ke"] = Access.Public, // content6: the statistics yearbook
        ["quan-tri/{unit}/nien-giam"] = Access.UnitEditorial,
        // examsapi (issue 12): the import API, its description and its clients' registry.
        ["api/v1/units/{unit}/exams/{exam:guid}/results"] = Access.ApiClient,
        ["api/v1/units/{unit}/certificates"] = Access.ApiClient,
        ["openapi/{documentName}.json"] = Access.Public,
        ["quan-tri/ung-dung-api"] = Access.SystemAdmin,
    };

    [Fact]
    public async Task EveryMappedEndpointIsDeclaredAndEveryDeclarationIsMapped()
    {
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString);
        var mapped = MappedTemplates(portal);

        Assert.True(mapped.Except(Declared.Keys).ToList() is { Count: 0 }, $"Undeclared endpoints: {string.Join(", ", mapped.Except(Declared.Keys))}");
        Assert.True(Declared.Keys.Except(mapped).ToList() is { Count: 0 }, $"Declared but not mapped: {string.Join(", ", Declared.Keys.Except(mapped))}");
    }

    [Fact]
    public async Task EveryEndpointAnswersEachKindOfVisitorAsDeclared()
    {
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString);
        await portal.SeedDemoCityAsync();
        var visitors = await VisitorsAsync(portal);
        try
        {
            var failures = new List<string>();
            foreach (var template in MappedTemplates(portal).Order(StringComparer.Ordinal))
            {
                var path = SamplePath(template);
                var access = Declared[template];
                foreach (var (who, visitor, allowedAccess) in visitors)
                {
                    // The API's endpoints take POSTs only: they are asked as an API client would, without a bearer token.
                    using var response = access == Access.ApiClient
                        ? await visitor.Http.PostAsync(new Uri(path, UriKind.Relative), new StringContent("so_bao_danh\n", System.Text.Encoding.UTF8, "text/csv"))
                        : await visitor.GetAsync(path);
                    var refused = IsRefused(response, template);
                    if (refused == allowedAccess.Contains(access))
                    {
                        failures.Add($"{path} as {who}: {(int)response.StatusCode} {response.Headers.Location}, declared {access}");
                    }

                    // Finding 9: a page that may show personal data is never kept by a browser or proxy.
                    if (response.StatusCode == HttpStatusCode.OK && (who != "anonymous" || ShowsPersonalData(template))
                        && response.Content.Headers.ContentType?.MediaType == "text/html" && response.Headers.CacheControl?.NoStore != true)
                    {
                        failures.Add($"{path} as {who}: no Cache-Control: no-store");
                    }

                    if (refused && who == "staff of another unit")
                    {
                        var html = await response.Content.ReadAsStringAsync();
                        if (html.Contains("Hồ sơ cần xử lý", StringComparison.Ordinal))
                        {
                            failures.Add($"{path} as {who}: the refusal shows the unit's work queue");
                        }
                    }
                }
            }

            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }
        finally
        {
            visitors.ForEach(v => v.Visitor.Dispose());
        }
    }

    /// <summary>
    /// S2/S4: every POST handler of every page (read from the compiled pages, so a new handler is covered the day it
    /// is written) refuses a post without the antiforgery token, even from a visitor allowed to use it; and with a
    /// valid token, a visitor the page is not declared for is refused before the handler runs.
    /// </summary>
    [Fact]
    public async Task EveryPostHandlerNeedsTheAntiforgeryTokenAndTheDeclaredAccess()
    {
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString);
        await portal.SeedDemoCityAsync();
        var visitors = await VisitorsAsync(portal);
        try
        {
            var handlers = await PostHandlersAsync(portal);
            Assert.Contains(handlers, h => h.Template == "can-bo/{unit}/ho-so/{code}" && h.Handler == "Decide");
            Assert.Contains(handlers, h => h.Template == "{unit}/dich-vu/{service}/buoc/{step:int}" && h.Handler == "Save");
            var systemAdmin = visitors.Single(v => v.Who == "system admin").Visitor;
            var failures = new List<string>();
            foreach (var (template, handler) in handlers)
            {
                var path = SamplePath(template) + (handler is null ? "" : $"?handler={handler}");
                var access = Declared[template];

                // Without the token: refused by antiforgery (400), whoever asks — signed in as someone allowed everywhere, or not at all.
                foreach (var (who, visitor) in new[] { ("system admin", systemAdmin), ("anonymous", visitors[0].Visitor) })
                {
                    using var bare = await visitor.Http.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent([new("x", "1")]));
                    var expected = who == "anonymous" && access != Access.Public ? IsRefused(bare, template) : bare.StatusCode == HttpStatusCode.BadRequest;
                    if (!expected)
                    {
                        failures.Add($"POST {path} without a token as {who}: {(int)bare.StatusCode} {bare.Headers.Location}, declared {access}");
                    }
                }

                if (access == Access.Public)
                {
                    continue;
                }

                // With a valid token: every visitor the page is not declared for is still refused.
                foreach (var (who, visitor, _) in visitors.Where(v => !v.Allowed.Contains(access)))
                {
                    var token = await visitor.AntiforgeryTokenAsync();
                    using var posted = await visitor.Http.PostAsync(new Uri(path, UriKind.Relative),
                        new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("id", Guid.Empty.ToString())]));
                    if (!IsRefused(posted, template))
                    {
                        failures.Add($"POST {path} with a token as {who}: {(int)posted.StatusCode} {posted.Headers.Location}, declared {access}");
                    }
                }
            }

            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }
        finally
        {
            visitors.ForEach(v => v.Visitor.Dispose());
        }
    }

    /// <summary>Anonymous first; each visitor with the accesses it holds on unit A.</summary>
    private static async Task<List<(string Who, Visitor Visitor, Access[] Allowed)>> VisitorsAsync(RunningPortal portal)
    {
        var citizen = new Visitor(portal);
        (await citizen.SignInAsync("phuhuynh@demo.edu.vn", Visitor.Setup.DemoPassword)).Dispose();
        Access[] everyone = [Access.Public];
        Access[] signedIn = [Access.Public, Access.SignedIn];
        Access[] anyRole = [.. signedIn, Access.AnyUnitRole];
        return
        [
            ("anonymous", new Visitor(portal), everyone),
            ("citizen", citizen, signedIn),
            ("staff of the unit", await StaffAsync(portal, "canbo.nbk@demo.edu.vn"), [.. anyRole, Access.UnitStaff]),
            ("admin of the unit", await StaffAsync(portal, "quantri.nbk@demo.edu.vn"), [.. anyRole, Access.UnitStaff, Access.UnitAdmin, Access.UnitEditorial]),
            ("auditor of the department", await StaffAsync(portal, "thanhtra@demo.edu.vn"), anyRole),
            ("staff of another unit", await StaffAsync(portal, "canbo.leloi@demo.edu.vn"), anyRole),
            ("system admin", await StaffAsync(portal, "quantri@demo.edu.vn"), [.. Enum.GetValues<Access>().Where(a => a != Access.ApiClient)]),
            // transfers (issue 13): the editorial roles (consultations, content) and another unit's administrator.
            ("editor of the unit", await StaffAsync(portal, "bientap.nbk@demo.edu.vn"), [.. anyRole, Access.UnitEditorial]),
            ("approver of the unit", await StaffAsync(portal, "duyet.nbk@demo.edu.vn"), [.. anyRole, Access.UnitEditorial]),
            ("admin of another unit", await StaffAsync(portal, "quantri.binhan@demo.edu.vn"), anyRole),
        ];
    }

    /// <summary>Every page's POST handlers (null: the unnamed <c>OnPost</c>), by route template.</summary>
    private static async Task<List<(string Template, string? Handler)>> PostHandlersAsync(RunningPortal portal)
    {
        var loader = portal.Services.GetRequiredService<PageLoader>();
        var handlers = new List<(string, string?)>();
        foreach (var endpoint in portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } page)
            {
                continue;
            }

            var compiled = await loader.LoadAsync(page, endpoint.Metadata);
            handlers.AddRange(compiled.HandlerMethods
                .Where(h => string.Equals(h.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase))
                .Select(h => (endpoint.RoutePattern.RawText!.Trim('/'), h.Name)));
        }

        return handlers;
    }

    /// <summary>Sent to sign in (outside the two-factor page, which starts a sign-in by design) or answered 403.</summary>
    private static bool IsRefused(HttpResponseMessage response, string template)
    {
        var refusedBySignIn = response.StatusCode == HttpStatusCode.Redirect
            && response.Headers.Location?.OriginalString.Contains("/tai-khoan/dang-nhap", StringComparison.Ordinal) == true
            && template != "tai-khoan/xac-thuc-hai-buoc";
        return refusedBySignIn || response.StatusCode == HttpStatusCode.Unauthorized
            || (response.StatusCode == HttpStatusCode.Forbidden && !IsForbiddenByDesign(template));
    }

    /// <summary>Pages that show an applicant's data or carry a secret to anyone, signed in or not.</summary>
    private static bool ShowsPersonalData(string template) =>
        template.StartsWith("{unit}/dich-vu/", StringComparison.Ordinal) || template.StartsWith("tai-khoan/", StringComparison.Ordinal)
        || template is "tra-cuu-ho-so" or "xac-minh/{token}";

    /// <summary>Pages whose whole purpose is to say "forbidden".</summary>
    private static bool IsForbiddenByDesign(string template) => template is "loi/{code:int}" or "tai-khoan/tu-choi-truy-cap";

    private static HashSet<string> MappedTemplates(RunningPortal portal) =>
        portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText!.Trim('/'))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>A request path for a template: unit A, the demo form, and ids that exist nowhere (allowed → 404, refused → 403).</summary>
    private static string SamplePath(string template) => "/" + template
        .Replace("{unit?}", UnitA, StringComparison.Ordinal)
        .Replace("{unit}", UnitA, StringComparison.Ordinal)
        .Replace("{section:regex(^(tin-tuc|van-ban|cong-khai)$)}", "tin-tuc", StringComparison.Ordinal)
        .Replace("{size:regex(^(lon|nho)$)}", "lon", StringComparison.Ordinal)
        .Replace("{slug}", "khong-co", StringComparison.Ordinal)
        .Replace("{category}", "khong-co", StringComparison.Ordinal)
        .Replace("{service}", "xin-nghi-hoc", StringComparison.Ordinal)
        .Replace("{step:int}", "1", StringComparison.Ordinal)
        .Replace("{code:int}", "404", StringComparison.Ordinal)
        .Replace("{code}", "KHONG-CO", StringComparison.Ordinal)
        .Replace("{formId:guid}", Guid.Empty.ToString(), StringComparison.Ordinal)
        .Replace("{school}", "th-le-loi", StringComparison.Ordinal)
        .Replace("{exam:guid}", Guid.Empty.ToString(), StringComparison.Ordinal)
        .Replace("{documentName}", "v1", StringComparison.Ordinal)
        .Replace("{id:guid?}", Guid.Empty.ToString(), StringComparison.Ordinal)
        .Replace("{id:guid}", Guid.Empty.ToString(), StringComparison.Ordinal)
        .Replace("{id}", Guid.Empty.ToString(), StringComparison.Ordinal)
        .Replace("{token}", "khong-phai-ma-xac-minh", StringComparison.Ordinal);

    private static async Task<Visitor> StaffAsync(RunningPortal portal, string email)
    {
        var key = await Visitor.Setup.EnableTwoFactorAsync(portal, email);
        var visitor = new Visitor(portal);
        await visitor.SignInAsStaffAsync(email, key);
        return visitor;
    }
}
