using System.Security.Claims;
using Services.Data.Identity;
using Services.Web.Security;
using Services.Web.Units;

namespace Services.Web.Pages.Workplace;

/// <summary>
/// What the workplace offers a signed-in user, worked out from their memberships with the same rules the folder
/// policies apply (see ServicesWebSetup), so the navigation never shows a link that would answer 403.
/// </summary>
public sealed class WorkplaceNavigation(UnitDirectory units)
{
    /// <summary>The roles that open a unit's desk (<c>/can-bo/{unit}</c>): the UnitStaff policy's.</summary>
    public static readonly IReadOnlyCollection<PortalRole> DeskRoles = [PortalRole.Staff, PortalRole.UnitAdmin, PortalRole.DistrictOfficer];

    public async Task<IReadOnlyList<WorkplaceSection>> SectionsAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        var memberships = await MembershipsAsync(user, ct);
        var desks = new List<WorkplaceLink>();
        var administration = new List<WorkplaceLink>();
        var content = new List<WorkplaceLink>();
        var audits = new List<WorkplaceLink>();
        foreach (var (unit, roles) in memberships)
        {
            if (roles.Any(DeskRoles.Contains))
            {
                desks.Add(new WorkplaceLink("Nav.Desk", unit.Name, $"/can-bo/{unit.Slug}", $"nav-desk-{unit.Slug}"));
                // admissions (issue 11): a school's applicants; a district office's campaigns and their dashboards.
                desks.Add(new WorkplaceLink("Nav.Admissions", unit.Name, $"/can-bo/{unit.Slug}/tuyen-sinh", $"nav-admissions-{unit.Slug}"));
                if (!unit.IsSchool)
                {
                    // Exams and certificate registries are kept by the department and the district offices (issue 12).
                    desks.Add(new WorkplaceLink("Nav.Exams", unit.Name, $"/can-bo/{unit.Slug}/ky-thi", $"nav-exams-{unit.Slug}"));
                    desks.Add(new WorkplaceLink("Nav.Certificates", unit.Name, $"/can-bo/{unit.Slug}/van-bang", $"nav-certificates-{unit.Slug}"));
                    // certs: proposals to revoke or correct certificates, and their approval (ADR 0024).
                    desks.Add(new WorkplaceLink("Nav.CertificateChanges", unit.Name, $"/can-bo/{unit.Slug}/van-bang/de-nghi", $"nav-certificate-changes-{unit.Slug}"));
                }
            }

            if (roles.Contains(PortalRole.UnitAdmin))
            {
                administration.Add(new WorkplaceLink("Nav.Members", unit.Name, $"/quan-tri/{unit.Slug}/can-bo", $"nav-members-{unit.Slug}"));
                administration.Add(new WorkplaceLink("Nav.Operations", unit.Name, $"/quan-tri/{unit.Slug}/van-hanh", $"nav-ops-{unit.Slug}"));
                // issue 14: the unit's own portal set-up (names, contacts, colour, logo, links).
                administration.Add(new WorkplaceLink("Nav.PortalSetup", unit.Name, $"/quan-tri/{unit.Slug}/cong-thong-tin", $"nav-portal-setup-{unit.Slug}"));
                content.Add(new WorkplaceLink("Nav.Procedures", unit.Name, $"/quan-tri/{unit.Slug}/thu-tuc", $"nav-procedures-{unit.Slug}"));
                content.Add(new WorkplaceLink("Nav.Forms", unit.Name, $"/quan-tri/{unit.Slug}/bieu-mau", $"nav-forms-{unit.Slug}"));
                if (Services.Workflows.Transfers.TransferRequest.GradesOf(unit.Kind).Count > 0)
                {
                    // transfers (issue 13): the school's grades and places, shown to its staff deciding on transfers.
                    administration.Add(new WorkplaceLink("Nav.GradeCapacity", unit.Name, $"/quan-tri/{unit.Slug}/si-so", $"nav-capacity-{unit.Slug}"));
                }
            }

            // content: the editorial board's pages (the UnitEditorial policy's roles).
            if (roles.Any(r => r is PortalRole.Editor or PortalRole.Approver or PortalRole.UnitAdmin))
            {
                content.Add(new WorkplaceLink("Nav.Editorial", unit.Name, $"/quan-tri/{unit.Slug}/noi-dung", $"nav-editorial-{unit.Slug}"));
                // consult (issue 13, ADR 0026): the unit's public consultations, drafted by editors and published by approvers.
                content.Add(new WorkplaceLink("Nav.Consultations", unit.Name, $"/quan-tri/{unit.Slug}/gop-y", $"nav-consultations-{unit.Slug}"));
                content.Add(new WorkplaceLink("Nav.Yearbook", unit.Name, $"/quan-tri/{unit.Slug}/nien-giam", $"nav-yearbook-{unit.Slug}"));
            }

            if (roles.Contains(PortalRole.Auditor))
            {
                audits.Add(new WorkplaceLink("Nav.AuditSearch", unit.Name, $"/kiem-tra/{unit.Slug}/ho-so", $"nav-audit-search-{unit.Slug}")); // audit
                audits.Add(new WorkplaceLink("Nav.Journal", unit.Name, $"/kiem-tra/{unit.Slug}", $"nav-audit-{unit.Slug}"));
                audits.Add(new WorkplaceLink("Nav.AuditPeople", unit.Name, $"/kiem-tra/{unit.Slug}/nguoi-thuc-hien", $"nav-audit-people-{unit.Slug}"));
                audits.Add(new WorkplaceLink("Nav.AuditSla", unit.Name, $"/kiem-tra/{unit.Slug}/thong-ke", $"nav-audit-sla-{unit.Slug}"));
            }
        }

        if (user.IsSystemAdmin())
        {
            administration.Add(new WorkplaceLink("Nav.Accounts", null, "/quan-tri/tai-khoan", "nav-accounts"));
            administration.Add(new WorkplaceLink("Nav.Units", null, "/quan-tri/don-vi", "nav-units"));
            administration.Add(new WorkplaceLink("Nav.CityOperations", null, "/quan-tri/van-hanh", "nav-ops-city"));
            administration.Add(new WorkplaceLink("Nav.Holidays", null, "/he-thong/ngay-nghi", "nav-holidays"));
            administration.Add(new WorkplaceLink("Nav.ApiClients", null, "/quan-tri/ung-dung-api", "nav-api-clients")); // examsapi
        }

        var sections = new List<WorkplaceSection> { new("Nav.Home", [new WorkplaceLink("Nav.MyUnits", null, "/can-bo", "nav-home")]) };
        foreach (var (key, links) in new[] { ("Nav.Desks", desks), ("Nav.Administration", administration), ("Nav.Content", content), ("Nav.Audits", audits) })
        {
            if (links.Count > 0)
            {
                sections.Add(new WorkplaceSection(key, links));
            }
        }

        return sections;
    }

    /// <summary>The user's units (in the order of the unit tree's names) with the roles held in each.</summary>
    public async Task<IReadOnlyList<(UnitView Unit, IReadOnlyList<PortalRole> Roles)>> MembershipsAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        var rows = new List<(UnitView, IReadOnlyList<PortalRole>)>();
        foreach (var group in user.Memberships().GroupBy(m => m.UnitId))
        {
            if (await units.FindByIdAsync(group.Key, ct) is { } unit)
            {
                rows.Add((unit, group.Select(m => m.Role).Distinct().Order().ToList()));
            }
        }

        return [.. rows.OrderBy(r => r.Item1.NameVi, StringComparer.Ordinal)];
    }
}

/// <summary>One group of the workplace's navigation (e.g. "Quản trị"), with its links.</summary>
public sealed record WorkplaceSection(string TitleKey, IReadOnlyList<WorkplaceLink> Links);

/// <summary>A link of the navigation: its text's resource key, the unit it concerns (if any), the app-relative path and an id for tests.</summary>
public sealed record WorkplaceLink(string TextKey, string? UnitName, string Path, string Id);
