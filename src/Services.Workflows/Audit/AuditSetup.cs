using Microsoft.Extensions.DependencyInjection;

namespace Services.Workflows.Audit;

public static class AuditSetup
{
    /// <summary>The auditor's reads: search, one instance's verified history, and the journaling of both.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddSingleton<AuditSearch>();
        services.AddSingleton<InstanceHistory>();
        services.AddSingleton<AuditorReads>();
        services.AddSingleton<AuditReports>();
        return services;
    }
}
