using Microsoft.EntityFrameworkCore;
using Services.Data;

namespace Services.Workflows.Dossiers;

/// <summary>"My dossiers": what one signed-in applicant submitted to any service, newest first, each with its status in its service's words.</summary>
public sealed class ApplicantDossiers(PortalDbContext db, ServiceDefinitions services)
{
    public async Task<IReadOnlyList<ApplicantDossier>> ListAsync(Guid userId, int take, CancellationToken ct)
    {
        var rows = await (
                from d in db.Dossiers.AsNoTracking()
                join u in db.Units on d.UnitId equals u.Id
                join i in db.WorkflowInstances on d.TrackingCode equals i.Correlation into instances
                from i in instances.DefaultIfEmpty()
                where d.ApplicantUserId == userId
                orderby d.SubmittedAt descending
                select new { d.TrackingCode, d.ServiceKey, d.ServiceTitleVi, d.ServiceTitleEn, u.NameVi, u.NameEn, d.SubmittedAt, d.DueDate, Step = (string?)i.CurrentStep })
            .Take(take)
            .ToListAsync(ct);
        return rows.Select(r => new ApplicantDossier(r.TrackingCode, r.ServiceTitleVi, r.ServiceTitleEn, r.NameVi, r.NameEn, r.SubmittedAt, r.DueDate,
                r.Step is null ? null : services.Get(r.ServiceKey).StepLabel(r.Step)))
            .ToList();
    }
}

public sealed record ApplicantDossier(string Code, string TitleVi, string TitleEn, string UnitVi, string UnitEn, DateTimeOffset SubmittedAt, DateOnly? DueDate,
    string? Status);
