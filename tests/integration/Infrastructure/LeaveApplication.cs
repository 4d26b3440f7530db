using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Data;
using Services.Data.GenericForms;
using Services.Data.Units;
using Services.Web.Setup;
using Services.Workflows.Dossiers;
using Services.Workflows.GenericForms;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Infrastructure;

/// <summary>
/// The demo leave-of-absence form filled in completely by a parent, through the real draft service: the set-up of
/// every test that needs a dossier to work on. <paramref name="extra"/> answers override or add to the usual ones.
/// </summary>
public static class LeaveApplication
{
    public const string ParentName = "Nguyễn Thị Lan";
    public const string ParentDateOfBirth = "1988-04-12";
    public const string ParentPhone = "0903123456";

    public static readonly Actor Citizen = new(null, null, null, "127.0.0.1", ParentName);

    /// <summary>A draft of the school's leave form with every question answered (not yet submitted).</summary>
    public static async Task<(Unit Unit, OnlineForm Form, DossierDraft Draft)> CompleteDraftAsync(IServiceProvider services, string schoolSlug,
        IReadOnlyDictionary<string, string>? extra = null)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var unit = await db.Units.AsNoTracking().SingleAsync(u => u.Slug == schoolSlug);
        var form = await db.OnlineForms.AsNoTracking().SingleAsync(f => f.UnitId == unit.Id && f.Slug == OnlineFormSeed.LeaveOfAbsence);
        var drafts = scope.ServiceProvider.GetRequiredService<FormDrafts>();
        var (draft, _) = await drafts.StartAsync(form, null, new Dictionary<string, string>(), CancellationToken.None);
        var answers = new Dictionary<string, string>
        {
            [FormJourney.ApplicantName] = ParentName,
            [FormJourney.ApplicantDateOfBirth] = ParentDateOfBirth,
            [FormJourney.ApplicantPhone] = ParentPhone,
            ["hoc-sinh-ho-ten"] = "Trần Minh Khôi",
            ["hoc-sinh-lop"] = "3A2",
            ["tu-ngay"] = "2026-11-23",
            ["den-ngay"] = "2026-11-24",
            ["ly-do"] = "Cháu bị sốt.",
            ["cam-doan"] = "true",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            answers[key] = value;
        }

        await drafts.SaveAsync(draft, answers, answers.Keys, 5, CancellationToken.None);
        return (unit, form, draft);
    }

    /// <summary>Completes a draft and submits it as <paramref name="citizen"/> (an anonymous parent when null).</summary>
    public static async Task<(string Code, Guid UnitId)> SubmitAsync(IServiceProvider services, string schoolSlug,
        IReadOnlyDictionary<string, string>? extra = null, string lookupUrl = "https://example.test/tra-cuu-ho-so", Actor? citizen = null)
    {
        var (unit, form, draft) = await CompleteDraftAsync(services, schoolSlug, extra);
        var application = services.GetRequiredService<GenericFormService>().Application(form, draft, unit.NameVi, lookupUrl, citizen ?? Citizen);
        var submitted = await services.GetRequiredService<DossierSubmission>().SubmitAsync(application, CancellationToken.None);
        return (submitted.TrackingCode, unit.Id);
    }
}
