using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Services.Workflows.Audit;
using Services.Workflows.Admissions;
using Services.Workflows.Dossiers;
using Services.Workflows.Dossiers.Attachments;
using Services.Workflows.Exams;
using Services.Workflows.GenericForms;
using Services.Workflows.Journal;
using Services.Workflows.Notifications;
using Services.Workflows.Operations;
using Services.Workflows.Regrading;
using Services.Workflows.Retention;
using Services.Workflows.Runtime;
using Services.Workflows.StudentStatus;
using Services.Workflows.Transfers;

namespace Services.Workflows;

public static class ServicesWorkflowsSetup
{
    public static IServiceCollection AddServicesWorkflows(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<MailOptions>().Bind(configuration.GetSection(MailOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IMailSender, MailKitMailSender>();
        services.AddOptions<AttachmentOptions>().Bind(configuration.GetSection(AttachmentOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IAttachmentStore, FileSystemAttachmentStore>();
        services.AddSingleton<ServiceDefinitions>();
        services.AddSingleton<DossierSubmission>();
        services.AddScoped<DossierTracking>();
        services.AddScoped<DeskQueries>();
        services.AddScoped<UnitSummaries>();
        services.AddScoped<ApplicantDossiers>();
        services.AddSingleton<DossierSupplements>();
        services.AddSingleton<DossierCitizenActions>();
        services.AddScoped<FormDrafts>();

        // The workflow runtime (Runtime/). All of it is stateless apart from the database, so singletons.
        services.AddOptions<WorkflowOptions>().Bind(configuration.GetSection(WorkflowOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(OutboxDispatcher.SmsHttpClient, client => client.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton<WorkflowRegistry>();
        services.AddSingleton<HolidayCalendar>();
        services.AddSingleton<WorkflowRuntime>();
        services.AddSingleton<TaskService>();
        services.AddSingleton<TaskQueries>();
        services.AddSingleton<InstanceQueries>();
        services.AddSingleton<JournalVerifier>();
        services.AddJournal(configuration);
        services.AddAudit(); // audit
        services.AddSingleton<IncidentService>();
        services.AddSingleton<OutboxAdmin>();
        services.AddSingleton<AutomatedSteps>();
        services.AddSingleton<TimerWorker>();
        services.AddSingleton<OutboxDispatcher>();
        // First of the hosted services: a changed published version stops the start before any worker runs.
        services.AddSingleton<WorkflowVersionCheck>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkflowVersionCheck>());
        services.AddHostedService(sp => sp.GetRequiredService<TimerWorker>());
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddSingleton<BatchRaises>();
        services.AddHostedService(sp => sp.GetRequiredService<BatchRaises>());

        // Retention of personal data (Retention/, ADR 0012): one sweep per interval across all nodes.
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RetentionSweep>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionSweep>());

        // The operations console's reads and the dead letters' discard (Operations/).
        services.AddSingleton<OperationsQueries>();
        services.AddSingleton<DeadLetterDiscards>();

        services.AddExams(configuration);
        // Who changed which unit, account or role: the signed journal's administration chains (Journal/).
        services.AddWorkflow<AdministrationWorkflow>();
        services.AddSingleton<AdministrationJournal>();

        // The services, one line each (docs/adding-a-service.md):
        services.AddService<GenericFormService>();
        services.AddService<StudentStatusService>();
        services.AddService<TransferService>();

        // Entry-level admissions (Admissions/, ADR 0013): the families' applications, the campaign's calendar, its draw and its results.
        services.AddService<AdmissionService>();
        services.AddWorkflow<AdmissionCampaignWorkflow>();
        services.AddScoped<AdmissionCampaigns>();
        services.AddSingleton<CampaignDefinitions>();
        services.AddScoped<AdmissionAllocation>();
        services.AddScoped<AdmissionReports>();

        // consult (issue 13): public consultations, closed by their workflow's timer (Consultations/).
        services.AddWorkflow<Consultations.ConsultationWorkflow>();
        services.AddScoped<Consultations.ConsultationRegistry>();
        // content (issue 14): unit portals' news, documents and disclosures through the editorial workflow (Content/).
        services.AddWorkflow<Content.EditorialWorkflow>();
        services.AddScoped<Content.Editorial>();
        // exams2 (issue 12): re-grading (phúc khảo) on the runtime's two-grader quorum.
        services.AddService<RegradeService>();
        services.AddSingleton<RegradePublication>();
        return services;
    }

    /// <summary>Registers a service: its definition, read by the dossier pipeline and pages, and its workflow.</summary>
    public static IServiceCollection AddService<TService>(this IServiceCollection services)
        where TService : ServiceDefinition, new()
    {
        var service = new TService();
        services.AddSingleton<ServiceDefinition>(service);
        services.AddSingleton(service.Workflow);
        services.AddSingleton(service);
        return services;
    }

    /// <summary>Registers one code-first workflow definition.</summary>
    public static IServiceCollection AddWorkflow<TDefinition>(this IServiceCollection services)
        where TDefinition : WorkflowDefinition, new()
    {
        services.AddSingleton<WorkflowDefinition>(new TDefinition());
        return services;
    }
}
