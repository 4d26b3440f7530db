using System.Text.Json;
using Npgsql;
using Services.Data.Workflows;
using Services.Workflows.Runtime;

namespace Services.Workflows.Journal;

/// <summary>
/// Changes to units, accounts and roles, written to the same hash-chained, checkpoint-signed journal as dossiers:
/// each unit has one long-lived instance of <see cref="AdministrationWorkflow"/> whose chain holds who changed what in
/// that unit and when, so an auditor's verdict covers administration as well as casework.
/// </summary>
public sealed class AdministrationJournal(WorkflowRuntime runtime, TimeProvider clock)
{
    /// <summary>The correlation of a unit's administration chain (never a tracking code: those start with "HS").</summary>
    public static string CorrelationOf(Guid unitId) => $"QT-{unitId:N}";

    /// <summary>The unit's chain, started on its first change; call before the transaction of the change.</summary>
    public async Task<Guid> ChainOfAsync(Guid unitId, CancellationToken cancellationToken) =>
        (await runtime.StartAsync(AdministrationWorkflow.WorkflowName, unitId, CorrelationOf(unitId), null, Actor.System("administration"),
            cancellationToken)).InstanceId;

    /// <summary>
    /// Appends one change (e.g. <c>account.role-added</c>, with the account and role in <paramref name="details"/>) to a
    /// unit's chain inside the caller's transaction, so the change and its journal line commit or vanish together.
    /// </summary>
    public async Task RecordAsync(NpgsqlTransaction transaction, Guid chainId, string action, IReadOnlyDictionary<string, string?> details, Actor actor,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(actor);
        var locked = await LockedInstance.AcquireAsync(transaction.Connection!, transaction, chainId, cancellationToken);
        await using var batch = locked.NewBatch();
        StepWriter.JournalOnly(batch, locked.Instance, $"admin:{Guid.CreateVersion7():N}", action, actor, JsonSerializer.Serialize(details), clock.GetUtcNow());
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>A unit's administration chain: one step that waits for ever; changes are journaled against it, never raised.</summary>
public sealed class AdministrationWorkflow : WorkflowDefinition
{
    public const string WorkflowName = "administration";

    public override string Name => WorkflowName;

    protected override void DefineVersions(WorkflowVersions versions) =>
        versions.Add(1, flow => flow
            .Wait("open", "Nhật ký quản trị đơn vị", t => t.On("close", "closed"))
            .End("closed", "Đã đóng", WorkflowStatus.Cancelled));
}
