using System.Text.Json.Nodes;
using Services.Workflows.Dossiers;
using Services.Workflows.Runtime;

namespace Services.Workflows.Transfers;

/// <summary>
/// Both schools must agree (<see cref="Join.All"/>); when one refuses, the step is left at once and the refusing
/// school's reason becomes the dossier's last comment, so the parent reads it on the status page and in the message
/// (a branch's decision is otherwise kept under the parallel step, out of the parent's sight).
/// </summary>
public sealed record TransferJoin(string Outcome, string Otherwise) : JoinRule
{
    /// <summary>The state key naming the branch (school step) that refused.</summary>
    public const string RefusedAtKey = "refusedAt";

    public override IReadOnlyList<string> Events => [Outcome, Otherwise];

    public override JoinVerdict Evaluate(int branchCount, IReadOnlyList<BranchResult> ended)
    {
        ArgumentNullException.ThrowIfNull(ended);
        var verdict = Join.All(Outcome, Otherwise).Evaluate(branchCount, ended);
        if (verdict.Event != Otherwise)
        {
            return verdict;
        }

        var refusal = ended.First(b => b.Outcome != Outcome);
        return new JoinVerdict(Otherwise, new JsonObject
        {
            [DossierState.LastComment] = refusal.Payload[DossierState.LastComment]?.DeepClone(),
            [RefusedAtKey] = refusal.Branch,
        });
    }
}
