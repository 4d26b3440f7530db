using System.ComponentModel.DataAnnotations;

namespace Services.Workflows.Runtime;

/// <summary>Runtime settings, section <c>Workflows</c>.</summary>
public sealed class WorkflowOptions
{
    public const string Section = "Workflows";

    /// <summary>Identifies this process in leases; unique per process so two nodes never mistake each other's leases.</summary>
    [Required, MaxLength(100)]
    public string NodeId { get; set; } = $"{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Run the timer worker and the outbox dispatcher in this process (off for one-shot commands).</summary>
    public bool RunBackgroundWorkers { get; set; } = true;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long a claimed timer or message stays reserved; a dead worker's claims are taken over after it. Measured
    /// on the database's clock, so nodes whose clocks disagree still agree on who holds what.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    [Range(1, 5000)]
    public int TimerBatchSize { get; set; } = 256;

    [Range(1, 64)]
    public int TimerParallelism { get; set; } = 4;

    /// <summary>
    /// Signal timers of distinct instances fired in one transaction (1: each on its own). Groups turn a deadline that
    /// makes a whole cohort's timers due at once into a few hundred commits.
    /// </summary>
    [Range(1, 1000)]
    public int TimerGroupSize { get; set; } = 32;

    /// <summary>Instances raised per slice of a batch raise; the cursor is saved after each slice.</summary>
    [Range(1, 10000)]
    public int BatchRaiseSize { get; set; } = 500;

    [Range(1, 1000)]
    public int OutboxBatchSize { get; set; } = 50;

    [Range(1, 100)]
    public int OutboxMaxAttempts { get; set; } = 6;

    /// <summary>First retry delay; doubles on every further attempt.</summary>
    public TimeSpan OutboxRetryBase { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Tries of a timer whose firing throws (an automated step, its transition, a notification it renders, a reminder
    /// or an escalation) before its instance is parked as one incident.
    /// </summary>
    [Range(1, 100)]
    public int TimerMaxAttempts { get; set; } = 3;

    /// <summary>Delay before a failed timer's second try; doubles on every further try.</summary>
    public TimeSpan TimerRetryBase { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>SMS gateway: messages are POSTed here as JSON. Unset: SMS messages are dead-lettered with that reason.</summary>
    public Uri? SmsWebhookUrl { get; set; }
}
