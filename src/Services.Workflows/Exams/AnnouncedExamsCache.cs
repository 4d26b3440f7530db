namespace Services.Workflows.Exams;

/// <summary>
/// The exams that have a publication minute, held by each node for <see cref="Lifetime"/> (ADR 0028), so a results
/// lookup reads neither the exam list nor the publication from the database. Only the minute is cached, never whether
/// it has passed: callers compare it with the clock on every request. A change made on this node is seen at once
/// (<see cref="Forget"/>); one made on another node within <see cref="Lifetime"/>. Each exam comes with its results
/// version (ADR 0037), which says whether this node's in-memory snapshot of its results is current.
/// </summary>
public sealed class AnnouncedExamsCache(ExamReadSource source, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    /// <summary>How many exams the public lookup lists, latest publication first.</summary>
    private const int Listed = 50;

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private Snapshot? _snapshot;

    /// <summary>The exams the lookup lists (at most 50, latest publication first).</summary>
    public async ValueTask<IReadOnlyList<AnnouncedExam>> ListedAsync(CancellationToken ct) => (await CurrentAsync(ct)).Listed;

    /// <summary>The exam's publication minute; null when none is set or there is no such exam.</summary>
    public async ValueTask<DateTimeOffset?> PublishAtAsync(Guid examId, CancellationToken ct) =>
        (await AnnouncementAsync(examId, ct))?.PublishAt;

    /// <summary>The exam's publication minute and results version; null when none is set or there is no such exam.</summary>
    public async ValueTask<Announcement?> AnnouncementAsync(Guid examId, CancellationToken ct) =>
        (await CurrentAsync(ct)).Announcements.TryGetValue(examId, out var announcement) ? announcement : null;

    /// <summary>
    /// Every exam with a publication minute, by id, read now and not kept: the snapshots' passes (ADR 0037) neither
    /// wait for the lifetime nor change what this node's lookups hold.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, Announcement>> ReadAnnouncementsAsync(CancellationToken ct) => (await ReadAsync(ct)).Announcements;

    /// <summary>
    /// Drops what this node holds: the next request reads the exams again. Called after every change on this node
    /// that a lookup must see at once: a publication, a re-grading window, an import, a re-grade's new scores.
    /// </summary>
    public void Forget() => Volatile.Write(ref _snapshot, null);

    public void Dispose() => _refresh.Dispose();

    private async ValueTask<Snapshot> CurrentAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _snapshot) is { } held && held.FreshAt(clock.GetUtcNow()))
        {
            return held;
        }

        // One reader per node refreshes; the requests that queued meanwhile take its snapshot.
        await _refresh.WaitAsync(ct);
        try
        {
            if (Volatile.Read(ref _snapshot) is { } refreshed && refreshed.FreshAt(clock.GetUtcNow()))
            {
                return refreshed;
            }

            var snapshot = await ReadAsync(ct);
            Volatile.Write(ref _snapshot, snapshot);
            return snapshot;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private async Task<Snapshot> ReadAsync(CancellationToken ct)
    {
        var readAt = clock.GetUtcNow();
        await using var command = source.DataSource.CreateCommand(
            """
            SELECT e.id, e.name, e.year, e.publish_at, (SELECT count(*) FROM exam_result_changes r WHERE r.exam_id = e.id)
            FROM exams e WHERE e.publish_at IS NOT NULL ORDER BY e.publish_at DESC, e.name
            """);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var exams = new List<AnnouncedExam>();
        var announcements = new Dictionary<Guid, Announcement>();
        while (await reader.ReadAsync(ct))
        {
            var exam = new AnnouncedExam(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.GetFieldValue<DateTimeOffset>(3));
            exams.Add(exam);
            announcements[exam.Id] = new Announcement(exam.PublishAt, reader.GetInt64(4));
        }

        return new Snapshot(readAt, exams.GetRange(0, Math.Min(Listed, exams.Count)), announcements);
    }

    private sealed record Snapshot(DateTimeOffset ReadAt, IReadOnlyList<AnnouncedExam> Listed, Dictionary<Guid, Announcement> Announcements)
    {
        /// <summary>Within its lifetime; a clock moved back before the read also refreshes.</summary>
        public bool FreshAt(DateTimeOffset now) => now >= ReadAt && now < ReadAt + Lifetime;
    }
}

/// <summary>
/// An exam's publication minute and its results version: how many changes to what a lookup returns it has had
/// (<c>exam_result_changes</c>, ADR 0037).
/// </summary>
public readonly record struct Announcement(DateTimeOffset PublishAt, long ResultsVersion);
