namespace Services.Workflows.Exams;

/// <summary>
/// Reports on the caller's thread. <see cref="Progress{T}"/> posts each report to the thread pool, where they may run
/// out of order, and an import's bar must only move forward.
/// </summary>
internal sealed class InlineProgress(Action<double> report) : IProgress<double>
{
    public void Report(double value) => report(value);
}
