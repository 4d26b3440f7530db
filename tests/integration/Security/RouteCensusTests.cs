using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Services.Tests.Integration.Infrastructure;

namespace Services.Tests.Integration.Security;

/// <summary>
/// S1: every endpoint the portal maps is declared here exactly once with who may use it; an endpoint nobody declared
/// fails the census. Each is then requested as anonymous, as a citizen, as staff, admin and auditor, and as staff of
/// another unit, and must answer as declared.
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
        /// <summary>Auditors of the unit in the route (requested at the department, whose auditor the census signs in).</summary>
        UnitAuditor,
        /// <summary>System admins only (the whole city).</summary>
        SystemAdmin,
    }

    private const string UnitA = "th-nguyen-binh-khiem";
    private const string Department = "so-gd-dt";

    /// <summary>The declaration: route template (as mapped) → who may use it. One line per endpoint.</summary>
    private static readonly Dictionary<string, Access> Declared = new(StringComparer.Ordinal)
    {
        ["healthz"] = Access.Public,
        ["readyz"] = Access.Public,
        ["{unit?}"] = Access.Public,
        ["{unit}/gioi-thieu"] = Access.Public,
        ["{unit}/lien-he"] = Access.Public,
        ["{unit}/{section:regex(^(tin-tuc|van-ban|gop-y|cong-khai)$)}"] = Access.Public,
        ["{unit}/thu-tuc"] = Access.Public,
        ["{unit}/thu-tuc/{code}"] = Access.Public,
        ["{unit}/thu-tuc/{code}/bieu-mau/{formId:guid}"] = Access.Public,
        ["{unit}/dich-vu-cong"] = Access.Public,
        ["{unit}/dich-vu/{service}"] = Access.Public,
        ["{unit}/dich-vu/{service}/buoc/{step:int}"] = Access.Public,
        ["{unit}/dich-vu/{service}/kiem-tra"] = Access.Public,
        ["{unit}/dich-vu/{service}/da-nop"] = Access.Public,
        ["{unit}/dich-vu/giay-xac-nhan-hoc-sinh"] = Access.Public,
        ["tra-cuu-ho-so"] = Access.Public,
        ["nhat-ky-kiem-chung"] = Access.Public,
        ["nhat-ky-kiem-chung.json"] = Access.Public,
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
        ["kiem-tra/{unit}"] = Access.UnitAuditor,
        ["quan-tri/van-hanh"] = Access.SystemAdmin,
        ["he-thong/ngay-nghi"] = Access.SystemAdmin,
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
        using var anonymous = new Visitor(portal);
        using var citizen = new Visitor(portal);
        (await citizen.SignInAsync("phuhuynh@demo.edu.vn", Visitor.Setup.DemoPassword)).Dispose();
        using var staff = await StaffAsync(portal, "canbo.nbk@demo.edu.vn");
        using var admin = await StaffAsync(portal, "quantri.nbk@demo.edu.vn");
        using var auditor = await StaffAsync(portal, "thanhtra@demo.edu.vn");
        using var otherUnitStaff = await StaffAsync(portal, "canbo.leloi@demo.edu.vn");
        using var systemAdmin = await StaffAsync(portal, "quantri@demo.edu.vn");

        var failures = new List<string>();
        foreach (var template in MappedTemplates(portal).Order(StringComparer.Ordinal))
        {
            var access = Declared[template];
            var path = SamplePath(template, access == Access.UnitAuditor ? Department : UnitA);
            var everyone = access is Access.Public;
            var signedIn = access is Access.Public or Access.SignedIn;
            var anyRole = signedIn || access is Access.AnyUnitRole;
            foreach (var (who, visitor, allowed) in new (string, Visitor, bool)[]
                     {
                         ("anonymous", anonymous, everyone),
                         ("citizen", citizen, signedIn),
                         ("staff of the unit", staff, anyRole || access is Access.UnitStaff),
                         ("admin of the unit", admin, anyRole || access is Access.UnitStaff or Access.UnitAdmin),
                         ("auditor of the department", auditor, anyRole || access is Access.UnitAuditor),
                         ("staff of another unit", otherUnitStaff, anyRole),
                         ("system admin", systemAdmin, true),
                     })
            {
                using var response = await visitor.GetAsync(path);
                var refusedBySignIn = response.StatusCode == HttpStatusCode.Redirect
                    && response.Headers.Location?.OriginalString.Contains("/tai-khoan/dang-nhap", StringComparison.Ordinal) == true
                    && template != "tai-khoan/xac-thuc-hai-buoc"; // without a half-finished sign-in it starts one, by design
                var refused = refusedBySignIn || (response.StatusCode == HttpStatusCode.Forbidden && !IsForbiddenByDesign(template));
                if (refused == allowed)
                {
                    failures.Add($"{path} as {who}: {(int)response.StatusCode} {response.Headers.Location}, declared {access}");
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

    /// <summary>Pages whose whole purpose is to say "forbidden".</summary>
    private static bool IsForbiddenByDesign(string template) => template is "loi/{code:int}" or "tai-khoan/tu-choi-truy-cap";

    private static HashSet<string> MappedTemplates(RunningPortal portal) =>
        portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText!.Trim('/'))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>A request path for a template: the given unit, the demo form, and ids that exist nowhere (allowed → 404, refused → 403).</summary>
    private static string SamplePath(string template, string unit) => "/" + template
        .Replace("{unit?}", unit, StringComparison.Ordinal)
        .Replace("{unit}", unit, StringComparison.Ordinal)
        .Replace("{section:regex(^(tin-tuc|van-ban|gop-y|cong-khai)$)}", "tin-tuc", StringComparison.Ordinal)
        .Replace("{service}", "xin-nghi-hoc", StringComparison.Ordinal)
        .Replace("{step:int}", "1", StringComparison.Ordinal)
        .Replace("{code:int}", "404", StringComparison.Ordinal)
        .Replace("{code}", "KHONG-CO", StringComparison.Ordinal)
        .Replace("{formId:guid}", Guid.Empty.ToString(), StringComparison.Ordinal)
        .Replace("{id:guid}", Guid.Empty.ToString(), StringComparison.Ordinal)
        .Replace("{id}", Guid.Empty.ToString(), StringComparison.Ordinal);

    private static async Task<Visitor> StaffAsync(RunningPortal portal, string email)
    {
        var key = await Visitor.Setup.EnableTwoFactorAsync(portal, email);
        var visitor = new Visitor(portal);
        await visitor.SignInAsStaffAsync(email, key);
        return visitor;
    }
}
