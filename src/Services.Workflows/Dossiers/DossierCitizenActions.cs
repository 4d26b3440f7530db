using Npgsql;
using Services.Workflows.Runtime;

namespace Services.Workflows.Dossiers;

/// <summary>What an applicant does to a dossier from the status page besides supplementing it: withdraw, confirm, rate.</summary>
public sealed class DossierCitizenActions(NpgsqlDataSource dataSource, WorkflowRuntime runtime)
{
    /// <summary>Raises the service's event for <paramref name="action"/> when the dossier's step offers it.</summary>
    public async Task<bool> ActAsync(DossierStatus status, CitizenActions action, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status.Instance is not { } instance || !status.Service.ActionsAt(instance.CurrentStep).HasFlag(action)
            || status.Service.EventOf(action) is not { } eventName)
        {
            return false;
        }

        var result = await runtime.RaiseAsync(instance.Id, new WorkflowEvent($"citizen:{status.Dossier.Id}:{eventName}:{instance.RowVersion}", eventName), actor,
            cancellationToken: ct);
        return result.Outcome == TransitionOutcome.Applied;
    }

    /// <summary>Rates a finished dossier 1–5, once; false when it is not finished, not ratable, or rated already.</summary>
    public async Task<bool> RateAsync(DossierStatus status, int rating, string? comment, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (!status.IsFinished || !status.Service.ActionsAt(status.Instance!.CurrentStep).HasFlag(CitizenActions.Rate) || rating is < 1 or > 5)
        {
            return false;
        }

        await using var command = Sql.Command(dataSource,
            "UPDATE dossiers SET rating = $2, rating_comment = $3 WHERE id = $1 AND rating IS NULL",
            status.Dossier.Id, rating, string.IsNullOrEmpty(comment) ? null : comment);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }
}
