using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Web.Security;
using Services.Workflows.Dossiers;

namespace Services.Web.Pages.Account.Manage;

/// <summary>"My dossiers": what the signed-in citizen submitted to any service, with each dossier's current step in the service's words.</summary>
public sealed class MyDossiersModel(PortalDbContext db, ServiceDefinitions services) : PageModel
{
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = User.UserId();
        var rows = await (
                from d in db.Dossiers.AsNoTracking()
                join u in db.Units on d.UnitId equals u.Id
                join i in db.WorkflowInstances on d.TrackingCode equals i.Correlation into instances
                from i in instances.DefaultIfEmpty()
                where d.ApplicantUserId == me
                orderby d.SubmittedAt descending
                select new { d.TrackingCode, d.ServiceKey, d.ServiceTitleVi, d.ServiceTitleEn, u.NameVi, u.NameEn, d.SubmittedAt, d.DueDate, Step = (string?)i.CurrentStep })
            .Take(200)
            .ToListAsync(ct);
        Rows = rows.Select(r => new Row(r.TrackingCode, r.ServiceTitleVi, r.ServiceTitleEn, r.NameVi, r.NameEn, r.SubmittedAt, r.DueDate,
                r.Step is null ? null : services.Get(r.ServiceKey).StepLabel(r.Step)))
            .ToList();
    }

    public sealed record Row(string Code, string TitleVi, string TitleEn, string UnitVi, string UnitEn, DateTimeOffset SubmittedAt, DateOnly? DueDate,
        string? Status);
}
