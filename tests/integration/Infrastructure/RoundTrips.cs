using System.Collections.Concurrent;
using System.Diagnostics;

namespace Services.Tests.Integration.Infrastructure;

/// <summary>Counts what Npgsql sends to PostgreSQL, from its own activities.</summary>
public static class RoundTrips
{
    /// <summary>
    /// Runs <paramref name="action"/> and counts the commands (round trips: a batch is one) Npgsql sent for it; a
    /// transaction's commit is not a command and is not counted.
    /// </summary>
    public static async Task<(T Result, int RoundTrips)> CountAsync<T>(Func<Task<T>> action)
    {
        using var parent = new Activity("round-trips").Start();
        var sent = new ConcurrentBag<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == parent.TraceId && activity.TagObjects.FirstOrDefault(t => t.Key is "db.statement" or "db.query.text").Value is string sql)
                {
                    sent.Add(sql);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var result = await action();
        return (result, sent.Count);
    }
}
