using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Services.Data.GenericForms;
using Services.Tests.Integration.Infrastructure;
using Services.Web.Setup;
using Services.Workflows.Dossiers;
using Services.Workflows.GenericForms;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Staff;

/// <summary>The desk tests' portal services on the demo city with its online forms, and dossiers submitted through them.</summary>
internal static class DemoFormDossiers
{
    public static async Task<WebApplication> BuildSeededAsync(TestDatabase database)
    {
        var app = PortalServices.Build(database, Path.Combine(Path.GetTempPath(), $"portal-it-{Guid.NewGuid():N}"));
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoCitySeed>().RunAsync(CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<OnlineFormSeed>().RunAsync(CancellationToken.None);
        return app;
    }

    /// <summary>Submits one dossier on the form as <paramref name="applicant"/>, through the real submission; its tracking code.</summary>
    public static async Task<string> SubmitAsync(WebApplication app, OnlineForm form, string unitName, string applicant)
    {
        var draft = new DossierDraft
        {
            Id = Guid.CreateVersion7(), FormId = form.Id, TokenHash = [],
            Data = new Dictionary<string, string>
            {
                [FormJourney.ApplicantName] = applicant,
                [FormJourney.ApplicantDateOfBirth] = "1985-02-03",
                [FormJourney.ApplicantPhone] = "0912345678",
            },
        };
        var application = app.Services.GetRequiredService<GenericFormService>()
            .Application(form, draft, unitName, "https://example.test/tra-cuu-ho-so", new Actor(null, null, null, "127.0.0.1", applicant));
        return (await app.Services.GetRequiredService<DossierSubmission>().SubmitAsync(application, CancellationToken.None)).TrackingCode;
    }
}
