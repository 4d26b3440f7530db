using System.ComponentModel.DataAnnotations;

namespace Services.Workflows.Retention;

/// <summary>How long personal data is kept (section <c>Retention</c>); ADR 0012.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>How often the sweep runs (on one node at a time).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Earlier versions of a finished dossier's data are removed this long after it finished; the current one stays.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan DataVersions { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// A finished dossier's personal data (applicant, answers, files, versions) is removed this long after it finished,
    /// unless its service has its own period in <see cref="Services"/>. Set both from the unit's records-retention
    /// schedule; the default keeps five years.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "36500.00:00:00")]
    public TimeSpan PersonalData { get; set; } = TimeSpan.FromDays(5 * 365 + 1);

    /// <summary>Per service key (a service definition's <c>Key</c>): its own personal-data period.</summary>
    public Dictionary<string, TimeSpan> Services { get; set; } = [];

    /// <summary>A stored file written or re-uploaded more recently than this (by the file's own clock) is never deleted,
    /// so an upload racing the sweep keeps its bytes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan FileGrace { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many rows one pass handles per kind, so a first run over years of data stays a series of short transactions.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 1000;
}
