using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Services.Workflows.Exams;

/// <summary>Which exams this node holds in memory (section <c>Portal:Exams</c>, ADR 0037).</summary>
public sealed class ExamSnapshotOptions
{
    public const string Section = "Portal:Exams";

    /// <summary>Exams published longer ago than this many days are looked up in the database.</summary>
    [Range(0, 3650)]
    public int SnapshotDays { get; set; } = 60;

    /// <summary>The most all snapshots of the node may hold together, in MiB; an exam beyond it stays on the database. 0 turns them off.</summary>
    [Range(0, 65536)]
    public int SnapshotMemoryMiB { get; set; } = 256;

    /// <summary>How long a lookup's request for a new snapshot waits for others, so a burst of changes rebuilds once.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan SnapshotDebounce { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// This node's snapshots of published exams' results (ADR 0037). <see cref="ExamResults"/> serves a lookup from one
/// only while its version is the one this node's <see cref="AnnouncedExamsCache"/> holds for the exam and the
/// publication minute has passed by the clock; otherwise the lookup reads the database and asks for a new snapshot.
/// A pass (<see cref="RefreshAsync"/>) builds, one exam at a time, the snapshots of the exams published within
/// <see cref="ExamSnapshotOptions.SnapshotDays"/> whose version moved, newest first, within the memory budget. The
/// service runs a pass at start, at each publication minute, and after a lookup's request (debounced).
/// </summary>
public sealed class ExamResultsSnapshots(ExamReadSource source, AnnouncedExamsCache announced, IOptions<ExamSnapshotOptions> options,
    TimeProvider clock, ILogger<ExamResultsSnapshots> logger) : BackgroundService
{
    /// <summary>The longest wait between passes, so a publication minute set on another node is not missed.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(1);

    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim _pass = new(1, 1);

    // Replaced whole by the pass, read without locks by lookups.
    private Dictionary<Guid, ExamResultsSnapshot> _held = [];
    private Dictionary<Guid, long> _declinedAt = [];

    /// <summary>The snapshots this node holds, by exam.</summary>
    public IReadOnlyDictionary<Guid, ExamResultsSnapshot> Held => Volatile.Read(ref _held);

    /// <summary>
    /// The exam's snapshot when it is current for <paramref name="announcement"/> and the exam is published by
    /// <paramref name="now"/>; otherwise null, and a pass is requested when the exam should have one.
    /// </summary>
    public ExamResultsSnapshot? Current(Guid examId, Announcement announcement, DateTimeOffset now)
    {
        if (!Wanted(announcement, now))
        {
            return null;
        }

        if (Volatile.Read(ref _held).TryGetValue(examId, out var snapshot) && snapshot.Version == announcement.ResultsVersion && snapshot.PublishAt <= now)
        {
            return snapshot;
        }

        if (!(Volatile.Read(ref _declinedAt).TryGetValue(examId, out var declined) && declined == announcement.ResultsVersion))
        {
            _requests.Writer.TryWrite(true);
        }

        return null;
    }

    /// <summary>One pass; returns the next publication minute still to come, if any.</summary>
    public async Task<DateTimeOffset?> RefreshAsync(CancellationToken ct)
    {
        await _pass.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            var exams = await announced.ReadAnnouncementsAsync(ct);
            var wanted = exams.Where(e => Wanted(e.Value, now)).OrderByDescending(e => e.Value.PublishAt).ToList();

            // Drop what is no longer wanted or no longer current before building, so old and new never add up.
            var held = Volatile.Read(ref _held)
                .Where(h => wanted.Any(w => w.Key == h.Key && w.Value.ResultsVersion == h.Value.Version))
                .ToDictionary();
            Volatile.Write(ref _held, new Dictionary<Guid, ExamResultsSnapshot>(held));
            var declinedAt = Volatile.Read(ref _declinedAt).Where(d => exams.ContainsKey(d.Key)).ToDictionary();
            var budget = (long)options.Value.SnapshotMemoryMiB << 20;
            foreach (var (examId, announcement) in wanted)
            {
                if (held.ContainsKey(examId) || (declinedAt.TryGetValue(examId, out var at) && at == announcement.ResultsVersion))
                {
                    continue;
                }

                var started = Stopwatch.GetTimestamp();
                var (snapshot, declined) = await ExamResultsSnapshot.LoadAsync(source.DataSource, examId, now, budget - held.Values.Sum(h => h.Bytes), ct);
                if (snapshot is null)
                {
                    declinedAt[examId] = announcement.ResultsVersion;
                    logger.LogInformation("Results snapshot of exam {ExamId} declined ({Reason}); its lookups read the database", examId, declined);
                    continue;
                }

                held[examId] = snapshot;
                Volatile.Write(ref _held, new Dictionary<Guid, ExamResultsSnapshot>(held));
                logger.LogInformation("Results snapshot ready: exam {ExamId}, {Candidates} candidates, {Bytes} bytes, {Seconds} s",
                    examId, snapshot.Candidates, snapshot.Bytes, Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 2));
            }

            Volatile.Write(ref _declinedAt, declinedAt);
            return exams.Values.Select(e => e.PublishAt).Where(p => p > now).Order().Cast<DateTimeOffset?>().FirstOrDefault();
        }
        finally
        {
            _pass.Release();
        }
    }

    public override void Dispose()
    {
        _pass.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = LongestWait;
            try
            {
                if (await RefreshAsync(stoppingToken) is { } next && next - clock.GetUtcNow() < wait)
                {
                    wait = next - clock.GetUtcNow();
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or JsonException or InvalidOperationException)
            {
                logger.LogWarning(e, "Results snapshots not refreshed; lookups read the database until the next pass");
            }

            // Until the next publication minute, or a lookup's request and then the debounce.
            using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var requested = _requests.Reader.WaitToReadAsync(either.Token).AsTask();
            var first = await Task.WhenAny(requested, Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, clock, either.Token));
            await either.CancelAsync();
            if (first == requested && !stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(options.Value.SnapshotDebounce, clock, stoppingToken);
                _requests.Reader.TryRead(out _);
            }
        }
    }

    private bool Wanted(Announcement announcement, DateTimeOffset now) =>
        announcement.PublishAt <= now && announcement.PublishAt > now.AddDays(-options.Value.SnapshotDays) && options.Value.SnapshotMemoryMiB > 0;
}
