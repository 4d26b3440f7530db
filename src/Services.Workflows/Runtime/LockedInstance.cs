using Npgsql;

namespace Services.Workflows.Runtime;

/// <summary>
/// An instance row locked (<c>SELECT … FOR UPDATE</c>) inside an open transaction. This is how the runtime keeps one
/// lock order — the instance first, then its tasks, then its timers — without relying on comments: the code that
/// locks or changes a task or a timer takes a <see cref="LockedInstance"/>, and the only ways to get one are
/// <see cref="RunAsync{T}"/> (a unit of work of its own, retried on deadlock; <see cref="RunForTaskAsync{T}"/> finds the
/// instance by one of its tasks) and <see cref="AcquireAsync(NpgsqlConnection, NpgsqlTransaction, Guid, CancellationToken)"/>
/// (inside a caller's transaction). Two changes of one instance therefore queue on its row before touching anything else.
/// </summary>
/// <remarks>
/// Two kinds of statement touch tasks or timers without the instance lock, and neither can wait on a lock: leasing
/// due timers and outbox messages uses <c>FOR UPDATE SKIP LOCKED</c> in a single statement, and the optimistic
/// transition (<see cref="WorkflowRuntime.RaiseAsync(Guid, WorkflowEvent, Actor, int?, CancellationToken)"/>)
/// updates the instance row first in its batch, so it holds the instance lock before its task and timer writes.
/// </remarks>
internal sealed class LockedInstance
{
    private LockedInstance(NpgsqlConnection connection, NpgsqlTransaction transaction, InstanceSnapshot instance)
    {
        Connection = connection;
        Transaction = transaction;
        Instance = instance;
    }

    public NpgsqlConnection Connection { get; }
    public NpgsqlTransaction Transaction { get; }

    /// <summary>The row as read under the lock; nothing else can change it until the transaction ends.</summary>
    public InstanceSnapshot Instance { get; }

    public Guid Id => Instance.Id;

    public NpgsqlBatch NewBatch() => new(Connection, Transaction);

    public NpgsqlCommand Command(string sql, params object?[] values) => Sql.Command(Connection, Transaction, sql, values);

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction of its own that starts by locking the instance, and commits it.
    /// A deadlock or serialization failure runs the whole unit again (see <see cref="Contention"/>). An exception
    /// from <paramref name="work"/> rolls everything back.
    /// </summary>
    public static Task<T> RunAsync<T>(NpgsqlDataSource dataSource, Guid instanceId, Func<LockedInstance, Task<T>> work, CancellationToken cancellationToken) =>
        RunAsync(dataSource, ById, instanceId, () => new WorkflowInstanceNotFoundException(instanceId.ToString()), work, cancellationToken);

    /// <summary>
    /// <see cref="RunAsync{T}"/> for the instance of the task <paramref name="taskId"/>, found and locked by one statement
    /// (a task never changes instance); a task that does not exist throws <paramref name="noSuchTask"/>.
    /// </summary>
    public static Task<T> RunForTaskAsync<T>(NpgsqlDataSource dataSource, Guid taskId, Func<Exception> noSuchTask, Func<LockedInstance, Task<T>> work,
        CancellationToken cancellationToken) =>
        RunAsync(dataSource, ByTask, taskId, noSuchTask, work, cancellationToken);

    /// <summary>Locks the instance inside the caller's transaction, for the rest of it.</summary>
    public static Task<LockedInstance> AcquireAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid instanceId,
        CancellationToken cancellationToken) =>
        AcquireAsync(connection, transaction, ById, instanceId, () => new WorkflowInstanceNotFoundException(instanceId.ToString()), cancellationToken);

    private const string ById = "id = $1";

    private const string ByTask = "id = (SELECT instance_id FROM workflow_tasks WHERE id = $1)";

    private static Task<T> RunAsync<T>(NpgsqlDataSource dataSource, string which, Guid key, Func<Exception> missing, Func<LockedInstance, Task<T>> work,
        CancellationToken cancellationToken) =>
        Contention.RetryAsync(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var locked = await AcquireAsync(connection, transaction, which, key, missing, cancellationToken);
            var result = await work(locked);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }, cancellationToken);

    private static async Task<LockedInstance> AcquireAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string which, Guid key,
        Func<Exception> missing, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, $"SELECT {InstanceSnapshot.Columns} FROM workflow_instances WHERE {which} FOR UPDATE", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var instance = await reader.ReadAsync(cancellationToken) ? InstanceSnapshot.Read(reader) : throw missing();
        return new LockedInstance(connection, transaction, instance);
    }
}
