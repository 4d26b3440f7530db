using System.Collections.Concurrent;
using Services.Data.Admissions;

namespace Services.Workflows.Admissions;

/// <summary>
/// The campaigns' definitions (dates, seed, schools and their zones, priority groups) kept in memory by id, so that a
/// submission does not read them again: a campaign is not edited once it is started on its workflow, so a kept copy
/// never goes stale. Which campaigns an office has, and the phase each is in, are always read from the database.
/// </summary>
public sealed class CampaignDefinitions
{
    private readonly ConcurrentDictionary<Guid, AdmissionCampaign> _byId = new();

    public AdmissionCampaign? Find(Guid campaignId) => _byId.GetValueOrDefault(campaignId);

    /// <summary>Keeps a campaign read without tracking; one not yet started on its workflow is still being created and is not kept.</summary>
    public void Keep(AdmissionCampaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        if (campaign.WorkflowInstanceId is not null)
        {
            _byId.TryAdd(campaign.Id, campaign);
        }
    }
}
