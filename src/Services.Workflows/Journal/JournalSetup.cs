using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Services.Workflows.Journal;

public static class JournalSetup
{
    /// <summary>The journal's checkpoints: signing key, sealer (a hosted service), audit, proofs and queries.</summary>
    public static IServiceCollection AddJournal(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JournalOptions>().Bind(configuration.GetSection(JournalOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<JournalSigningKey>();
        services.AddSingleton<JournalSealer>();
        services.AddHostedService(sp => sp.GetRequiredService<JournalSealer>());
        services.AddSingleton<JournalAudit>();
        services.AddSingleton<InclusionProofs>();
        services.AddSingleton<CheckpointQueries>();
        return services;
    }
}
