using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Web.Security;

namespace Services.Web.Pages.Account.Manage;

/// <summary>"My dossiers": what the signed-in citizen submitted, with each dossier's current step.</summary>
public sealed class MyDossiersModel(PortalDbContext db) : PageModel
{
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = User.UserId();
        Rows = await (
                from d in db.Dossiers.AsNoTracking()
                join f in db.OnlineForms on d.FormId equals f.Id
                join u in db.Units on d.UnitId equals u.Id
                join i in db.WorkflowInstances on d.TrackingCode equals i.Correlation into instances
                from i in instances.DefaultIfEmpty()
                where d.ApplicantUserId == me
                orderby d.SubmittedAt descending
                select new Row(d.TrackingCode, f.TitleVi, f.TitleEn, u.NameVi, u.NameEn, d.SubmittedAt, d.DueDate, i.DefinitionName, i.CurrentStep))
            .Take(200)
            .ToListAsync(ct);
    }

    public sealed record Row(string Code, string TitleVi, string TitleEn, string UnitVi, string UnitEn, DateTimeOffset SubmittedAt, DateOnly? DueDate,
        string? Definition, string? Step);
}
