using System.ComponentModel.DataAnnotations;

namespace Services.Workflows.Journal;

/// <summary>Settings of the journal's checkpoints, section <c>Journal</c>.</summary>
public sealed class JournalOptions
{
    public const string Section = "Journal";

    /// <summary>How often a checkpoint seals the entries written since the last one.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The Ed25519 private key (32 bytes, base64) that signs checkpoints; keep it in a secret store.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Where the key is kept when <see cref="SigningKey"/> is not set; generated there on first use (a
    /// development convenience). Default <c>{Portal:DataPath}/journal-signing.key</c>.</summary>
    public string? SigningKeyPath { get; set; }
}
