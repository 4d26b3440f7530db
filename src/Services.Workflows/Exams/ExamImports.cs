using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Services.Workflows.Exams;

/// <summary>An import running or finished: how far it got and, at the end, its report.</summary>
public sealed class ImportJob(Guid id, Guid examId, Guid unitId)
{
    private double _progress;

    public Guid Id { get; } = id;
    public Guid ExamId { get; } = examId;
    public Guid UnitId { get; } = unitId;
    public double Progress => Volatile.Read(ref _progress);
    public ImportReport? Report { get; internal set; }
    public bool Failed { get; internal set; }
    public bool IsFinished => Report is not null || Failed;

    internal void Advance(double share) => Volatile.Write(ref _progress, share);
}

/// <summary>
/// Runs uploaded imports in the background so the staff page can show a progress bar while 100,000 rows are checked
/// and written. Jobs live in this process's memory for an hour: the page that started one polls the same node
/// (ADR 0014); the import itself is one transaction, so a lost job never leaves half a file behind.
/// </summary>
public sealed class ExamImports(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ExamImports> logger)
{
    private readonly ConcurrentDictionary<Guid, (ImportJob Job, DateTimeOffset StartedAt)> _jobs = new();

    public ImportJob Start(Guid examId, Guid unitId, byte[] file)
    {
        Forget(clock.GetUtcNow() - TimeSpan.FromHours(1));
        var job = new ImportJob(Guid.NewGuid(), examId, unitId);
        _jobs[job.Id] = (job, clock.GetUtcNow());
        _ = Task.Run(async () =>
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                using var stream = new MemoryStream(file, writable: false);
                job.Report = await scope.ServiceProvider.GetRequiredService<ExamImporter>()
                    .ImportAsync(examId, stream, new InlineProgress(job.Advance), CancellationToken.None);
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or IOException)
            {
                logger.LogError(ex, "Import {Job} into exam {Exam} failed", job.Id, examId);
                job.Failed = true;
            }
        });
        return job;
    }

    /// <summary>The job, only to staff of the unit that started it.</summary>
    public ImportJob? Find(Guid id, Guid unitId) => _jobs.TryGetValue(id, out var entry) && entry.Job.UnitId == unitId ? entry.Job : null;

    private void Forget(DateTimeOffset before)
    {
        foreach (var (id, entry) in _jobs)
        {
            if (entry.StartedAt < before && entry.Job.IsFinished)
            {
                _jobs.TryRemove(id, out _);
            }
        }
    }

}
