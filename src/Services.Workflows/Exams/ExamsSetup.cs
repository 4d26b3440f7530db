using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Services.Workflows.Exams;

public static class ExamsSetup
{
    /// <summary>Exams and certificates (issue 12): import, the lean results read path and staff's registry.</summary>
    public static IServiceCollection AddExams(this IServiceCollection services, IConfiguration configuration)
    {
        var replica = configuration.GetConnectionString("PortalReplica");
        services.AddSingleton(sp => new ExamReadSource(string.IsNullOrWhiteSpace(replica)
            ? sp.GetRequiredService<NpgsqlDataSource>()
            : Services.Data.ServicesDataSetup.Pooled(replica)));
        services.AddSingleton<AnnouncedExamsCache>(); // per node, ADR 0028
        // Published exams' results in each node's memory (ADR 0037).
        services.AddOptions<ExamSnapshotOptions>().Bind(configuration.GetSection(ExamSnapshotOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ExamResultsSnapshots>();
        services.AddHostedService(sp => sp.GetRequiredService<ExamResultsSnapshots>());
        services.AddSingleton<ExamResults>();
        services.AddSingleton<ExamImporter>();
        services.AddSingleton<ExamImports>();
        services.AddScoped<ExamRegistry>();
        services.AddScoped<CertificateRegistry>();
        // certs: revocation and correction with approval (ADR 0024).
        services.AddWorkflow<CertificateChangeWorkflow>();
        services.AddScoped<CertificateChanges>();
        return services;
    }
}
