using Services.Data.Admissions;
using Services.Workflows.Admissions;

namespace Services.Tests.Unit.Admissions;

public sealed class CampaignDefinitionsTests
{
    [Fact]
    public void A_campaign_started_on_its_workflow_is_kept_and_the_first_copy_stays()
    {
        var definitions = new CampaignDefinitions();
        var campaign = new AdmissionCampaign { Id = Guid.NewGuid(), SchoolYear = "2027-2028", Seed = "a", WorkflowInstanceId = Guid.NewGuid() };
        definitions.Keep(campaign);
        definitions.Keep(new AdmissionCampaign { Id = campaign.Id, SchoolYear = "2027-2028", Seed = "b", WorkflowInstanceId = campaign.WorkflowInstanceId });

        Assert.Same(campaign, definitions.Find(campaign.Id));
        Assert.Null(definitions.Find(Guid.NewGuid()));
    }

    [Fact]
    public void A_campaign_still_being_created_is_not_kept()
    {
        var definitions = new CampaignDefinitions();
        var campaign = new AdmissionCampaign { Id = Guid.NewGuid(), SchoolYear = "2027-2028", Seed = "a" };
        definitions.Keep(campaign);

        Assert.Null(definitions.Find(campaign.Id));
    }
}
