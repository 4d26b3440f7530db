using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Services.Workflows.Definitions;
using Services.Workflows.Dossiers;
using Services.Workflows.Dossiers.Attachments;
using Services.Workflows.Notifications;
using Services.Workflows.Operations;
using Services.Workflows.Runtime;

namespace Services.Workflows;

public static class ServicesWorkflowsSetup
{
    public static IServiceCollection AddServicesWorkflows(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<MailOptions>().Bind(configuration.GetSection(MailOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IMailSender, SmtpMailSender>();
        services.AddOptions<AttachmentOptions>().Bind(configuration.GetSection(AttachmentOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IAttachmentStore, FileSystemAttachmentStore>();
        services.AddScoped<DossierDrafts>();
        services.AddSingleton<DossierSubmission>();
        services.AddScoped<DossierTracking>();
        services.AddSingleton<DossierSupplements>();

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
        services.AddSingleton<IncidentService>();
        services.AddSingleton<OutboxAdmin>();
        services.AddSingleton<AutomatedSteps>();
        services.AddSingleton<TimerWorker>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<TimerWorker>());
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());

        // The operations console's reads and the dead letters' discard (Operations/).
        services.AddSingleton<OperationsQueries>();
        services.AddSingleton<DeadLetterDiscards>();

        // Workflow definitions (Definitions/), one line each:
        services.AddWorkflow<GenericFormWorkflow>();
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
