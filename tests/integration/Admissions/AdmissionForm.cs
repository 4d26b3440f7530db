using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Processes;
using Services.Workflows.Admissions;

namespace Services.Tests.Integration.Admissions;

/// <summary>
/// A family's client of the demo city's admission form over plain HTTP, antiforgery and all: what the crash and
/// outage tests send in bursts against a portal running as a child process.
/// </summary>
internal static partial class AdmissionForm
{
    public const string Page = "/phong-gd-binh-an/dich-vu/tuyen-sinh/dang-ky";

    public static HttpClient NewClient(Uri address) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>The idempotency key the form was served with.</summary>
    public static string KeyOf(string form) => KeyPattern().Match(form).Groups[1].Value;

    /// <summary>The tracking code an acknowledged application shows, or null.</summary>
    public static string? CodeOf(string html) => CodePattern().Match(html) is { Success: true } code ? code.Groups[1].Value : null;

    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, string form, Dictionary<string, string> answers)
    {
        answers["__RequestVerificationToken"] = TokenPattern().Match(form).Groups[1].Value;
        using var content = new FormUrlEncodedContent(answers);
        return await http.PostAsync(new Uri(Page, UriKind.Relative), content);
    }

    public static Dictionary<string, string> Answers(string key, Guid schoolId, string personalId) => new()
    {
        ["khoa"] = key,
        ["a." + AdmissionRequest.ChildNameKey] = "Ngô Bảo " + personalId[^4..],
        ["a." + AdmissionRequest.ChildDateOfBirthKey] = "2021-05-04",
        ["a." + AdmissionRequest.ChildSexKey] = "nu",
        ["a." + AdmissionRequest.PersonalIdKey] = personalId,
        ["a." + AdmissionRequest.PlaceOfBirthKey] = "Bệnh viện Hùng Vương",
        ["a." + AdmissionRequest.ParentNameKey] = "Ngô Văn Tâm",
        ["a." + AdmissionRequest.ParentDateOfBirthKey] = "1987-02-03",
        ["a." + AdmissionRequest.ParentPhoneKey] = "0903" + personalId[^6..],
        ["a." + AdmissionRequest.ParentEmailKey] = $"phuhuynh{personalId}@example.vn",
        ["a." + AdmissionRequest.ResidenceKey] = "Permanent",
        ["a." + AdmissionRequest.AddressKey] = "5 Nguyễn Đình Chiểu",
        ["a." + AdmissionRequest.WardKey] = "Phường Đa Kao",
        ["a." + AdmissionRequest.ChoiceKeyPrefix + "1"] = schoolId.ToString(),
        ["a." + AdmissionRequest.DeclarationKey] = "true",
    };

    /// <summary>Waits until the seeded campaign's timer has moved it into registration.</summary>
    public static async Task WaitForRegistrationAsync(Func<Services.Data.PortalDbContext> contexts, WebProcess app)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            await using (var db = contexts())
            {
                var phase = await db.WorkflowInstances.AsNoTracking().Where(i => i.DefinitionName == AdmissionCampaignWorkflow.WorkflowName)
                    .Select(i => i.CurrentStep).SingleAsync();
                if (phase == AdmissionCampaignWorkflow.Phases.Registration)
                {
                    return;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"The seeded campaign never opened registration:\n{app.LogTail()}");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Every acknowledged application is stored whole: dossier, admission row with its personal id, one workflow
    /// instance at the document check and one task.
    /// </summary>
    public static async Task AssertStoredAsync(Services.Data.PortalDbContext db, IReadOnlyCollection<(string PersonalId, string Code)> acks)
    {
        var codes = acks.Select(a => a.Code).ToList();
        var dossiers = await db.Dossiers.AsNoTracking().Where(d => codes.Contains(d.TrackingCode)).ToDictionaryAsync(d => d.TrackingCode, d => d.Id);
        var dossierIds = dossiers.Values.ToList();
        var applications = await db.AdmissionApplications.AsNoTracking().Where(a => dossierIds.Contains(a.DossierId)).ToDictionaryAsync(a => a.DossierId, a => a.PersonalId);
        var instances = await db.WorkflowInstances.AsNoTracking()
            .Where(i => i.DefinitionName == AdmissionApplicationWorkflow.WorkflowName && codes.Contains(i.Correlation))
            .Select(i => new { i.Correlation, i.CurrentStep }).ToListAsync();
        var tasks = await db.WorkflowTasks.AsNoTracking().Where(t => codes.Contains(t.Correlation)).Select(t => t.Correlation).ToListAsync();
        foreach (var (personalId, code) in acks)
        {
            Assert.True(dossiers.TryGetValue(code, out var dossierId), $"Acknowledged {code} has no dossier.");
            Assert.Equal(personalId, applications.GetValueOrDefault(dossierId));
            var instance = Assert.Single(instances, i => i.Correlation == code);
            Assert.Equal(AdmissionApplicationWorkflow.Steps.DocumentCheck, instance.CurrentStep);
            Assert.Single(tasks, t => t == code);
        }
    }

    [GeneratedRegex("name=\"khoa\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("id=\"tracking-code\">([^<]+)<")]
    private static partial Regex CodePattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
