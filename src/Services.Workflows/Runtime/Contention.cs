using Npgsql;

namespace Services.Workflows.Runtime;

/// <summary>
/// The one place that retries a unit of work PostgreSQL aborted for contention: a deadlock (40P01) or a
/// serialization failure (40001). Each attempt runs the whole unit again from its first read, so the retry decides
/// on fresh data; after <see cref="MaxAttempts"/> the error reaches the caller.
/// </summary>
internal static class Contention
{
    public const int MaxAttempts = 5;

    public static async Task<T> RetryAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work();
            }
            catch (PostgresException e) when (IsTransient(e) && attempt < MaxAttempts)
            {
                // Jitter, growing with each attempt, so the two victims of a deadlock do not meet again at once.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt * attempt)), cancellationToken);
            }
        }
    }

    public static bool IsTransient(PostgresException e) =>
        e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure;
}
