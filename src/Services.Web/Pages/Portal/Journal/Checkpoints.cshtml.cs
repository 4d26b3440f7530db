using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Workflows.Journal;

namespace Services.Web.Pages.Portal.Journal;

/// <summary>The public list of journal checkpoints, for people who keep a copy outside the portal.</summary>
public sealed class CheckpointsModel(CheckpointQueries checkpoints, JournalSigningKey key) : PageModel
{
    /// <summary>Checkpoints shown; the JSON feed has them all.</summary>
    private const int Shown = 50;

    public IReadOnlyList<PublishedCheckpoint> Latest { get; private set; } = [];
    public string PublicKey => key.PublicKey;
    public string KeyId => key.KeyId;

    public async Task OnGetAsync(CancellationToken ct) => Latest = await checkpoints.LatestAsync(Shown, ct);
}
