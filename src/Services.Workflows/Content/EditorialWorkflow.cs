using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Data;
using Services.Data.Content;
using Services.Data.Identity;
using Services.Workflows.Runtime;

namespace Services.Workflows.Content;

/// <summary>
/// Biên tập: an editor drafts and submits, an approver approves (publication now or at a set time) or returns with a
/// comment; a published item can be unpublished and revised. Publication at the set time is the runtime's durable timer.
/// </summary>
public sealed class EditorialWorkflow : WorkflowDefinition
{
    public const string WorkflowName = "content-editorial";

    /// <summary>State keys.</summary>
    public const string ItemIdKey = "itemId";
    public const string PublishAtKey = "publishAt";

    public static class Steps
    {
        public const string Draft = "draft";
        public const string Review = "approval";
        public const string Scheduled = "scheduled";
        public const string Publishing = "publishing";
        public const string Published = "published";
        public const string Unpublished = "unpublished";
        public const string Archived = "archived";
    }

    public static class Events
    {
        public const string Submit = "submit";
        public const string Approve = "approve-publication";
        public const string Return = "return";
        public const string Withdraw = "unschedule";
        public const string Unpublish = "unpublish";
        public const string Revise = "revise";
        public const string Archive = "archive";
        internal const string Done = "done";
    }

    public override string Name => WorkflowName;

    protected override void DefineVersions(WorkflowVersions versions) =>
        versions.Add(1, flow => flow
            .Wait(Steps.Draft, "Soạn thảo", s => s.On(Events.Submit, Steps.Review))
            .Human(Steps.Review, "Duyệt bài", PortalRole.Approver, workingDays: 2, t => t
                .On(Events.Approve, Steps.Scheduled)
                .On(Events.Return, Steps.Draft))
            .Wait(Steps.Scheduled, "Chờ đăng", s => s
                .On(Events.Withdraw, Steps.Draft)
                .WhenDue(DueRule.DateInState(PublishAtKey), Steps.Publishing))
            .Automated(Steps.Publishing, "Đăng bài", PublishAsync, s => s.On(Events.Done, Steps.Published))
            .Wait(Steps.Published, "Đã đăng", s => s.On(Events.Unpublish, Steps.Unpublished))
            .Wait(Steps.Unpublished, "Đã gỡ", s => s
                .On(Events.Revise, Steps.Draft)
                .On(Events.Archive, Steps.Archived))
            .End(Steps.Archived, "Lưu trữ"));

    /// <summary>Makes the item public; running it twice (a retried timer) leaves the first publication time.</summary>
    private static async Task<string> PublishAsync(AutomatedStepContext context, CancellationToken ct)
    {
        var itemId = Guid.Parse(context.State[ItemIdKey]!.GetValue<string>());
        await using var scope = context.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        await db.ContentItems.Where(i => i.Id == itemId).ExecuteUpdateAsync(u => u
            .SetProperty(i => i.Status, ContentStatus.Published)
            .SetProperty(i => i.PublishedAt, i => i.PublishedAt ?? now)
            .SetProperty(i => i.UpdatedAt, now), ct);
        return Events.Done;
    }
}
