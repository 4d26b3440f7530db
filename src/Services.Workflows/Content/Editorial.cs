using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Content;
using Services.Data.Workflows;
using Services.Workflows.Runtime;

namespace Services.Workflows.Content;

/// <summary>What an editor writes: the fields every kind has, and those of documents and disclosures.</summary>
public sealed record ContentDraft(
    string Category,
    string Title,
    string Summary,
    string Source,
    string? SchoolYear = null,
    string? DocumentNumber = null,
    string? IssuingAuthority = null,
    DateOnly? IssuedOn = null,
    DateOnly? EffectiveOn = null,
    string? ImageAlt = null,
    PreparedImage? Image = null);

/// <summary>A news image ready to store: decoded, stripped of its metadata and resized to a page and a thumbnail width.</summary>
public sealed record PreparedImage(string ContentType, byte[] Large, int Width, int Height, byte[] Thumbnail, int ThumbnailWidth, int ThumbnailHeight);

/// <summary>The item is not at a step where this action is possible (someone else moved it on).</summary>
public sealed class EditorialActionRefusedException(string message) : Exception(message);

/// <summary>
/// The editorial board's actions on a unit's content. Each one moves the item's editorial workflow and then mirrors
/// the step it reached in <see cref="ContentItem.Status"/>; publication itself is written by the workflow's timer step.
/// </summary>
public sealed class Editorial(PortalDbContext db, WorkflowRuntime runtime, TaskService tasks, TimeProvider clock)
{
    public async Task<ContentItem> CreateAsync(Guid unitId, ContentKind kind, ContentDraft draft, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(actor);
        var now = clock.GetUtcNow();
        var item = new ContentItem
        {
            Id = Guid.NewGuid(), UnitId = unitId, Kind = kind, Category = draft.Category, Title = draft.Title, Summary = draft.Summary,
            Source = draft.Source, Body = ContentBody.ToHtml(draft.Source), Slug = await FreeSlugAsync(unitId, kind, draft.Title, ct),
            Status = ContentStatus.Draft, CreatedAt = now, UpdatedAt = now, Version = 1,
        };
        Apply(item, draft);
        db.ContentItems.Add(item);
        await AttachImageAsync(item, draft, now, ct);
        db.ContentVersions.Add(VersionOf(item, actor, now, draft.Image is null ? "Tạo bản nháp" : "Tạo bản nháp · đính kèm ảnh"));
        await db.SaveChangesAsync(ct);

        var state = new JsonObject { [EditorialWorkflow.ItemIdKey] = item.Id.ToString() };
        var started = await runtime.StartAsync(EditorialWorkflow.WorkflowName, unitId, $"ND-{item.Id:N}", state, actor, ct);
        item.InstanceId = started.InstanceId;
        await db.SaveChangesAsync(ct);
        return item;
    }

    public async Task UpdateAsync(ContentItem item, ContentDraft draft, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(draft);
        if (item.Status != ContentStatus.Draft)
        {
            throw new EditorialActionRefusedException("Only a draft can be edited.");
        }

        var now = clock.GetUtcNow();
        Apply(item, draft);
        item.Title = draft.Title;
        item.Summary = draft.Summary;
        item.Category = draft.Category;
        item.Source = draft.Source;
        item.Body = ContentBody.ToHtml(draft.Source);
        item.UpdatedAt = now;
        item.Version++;
        await AttachImageAsync(item, draft, now, ct);
        db.ContentVersions.Add(VersionOf(item, actor, now, draft.Image is null ? "Sửa bản nháp" : "Sửa bản nháp · đính kèm ảnh mới"));
        await db.SaveChangesAsync(ct);
    }

    public Task SubmitAsync(ContentItem item, Actor actor, CancellationToken ct) =>
        RaiseAsync(item, EditorialWorkflow.Events.Submit, actor, ct);

    public Task UnpublishAsync(ContentItem item, Actor actor, CancellationToken ct) =>
        RaiseAsync(item, EditorialWorkflow.Events.Unpublish, actor, ct);

    public Task ReviseAsync(ContentItem item, Actor actor, CancellationToken ct) =>
        RaiseAsync(item, EditorialWorkflow.Events.Revise, actor, ct);

    /// <summary>Approves for publication at <paramref name="publishAt"/> (now when null or past: the timer is due at once).</summary>
    public async Task ApproveAsync(ContentItem item, DateTimeOffset? publishAt, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        var at = (publishAt is { } wanted && wanted > clock.GetUtcNow() ? wanted : clock.GetUtcNow()).ToUniversalTime();
        var data = new JsonObject { [EditorialWorkflow.PublishAtKey] = at.ToString("O", System.Globalization.CultureInfo.InvariantCulture) };
        await DecideAsync(item, EditorialWorkflow.Events.Approve, null, data, actor, ct);
        item.PublishAt = at;
        await SyncAsync(item, ct);
    }

    /// <summary>Returns the item to its editor with a comment, kept in the version history.</summary>
    public async Task ReturnAsync(ContentItem item, string comment, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(actor);
        await DecideAsync(item, EditorialWorkflow.Events.Return, comment, null, actor, ct);
        item.Version++;
        db.ContentVersions.Add(VersionOf(item, actor, clock.GetUtcNow(), $"Trả lại: {comment}"));
        await SyncAsync(item, ct);
    }

    public async Task<IReadOnlyList<ContentVersion>> VersionsAsync(Guid itemId, CancellationToken ct) =>
        await db.ContentVersions.AsNoTracking().Where(v => v.ItemId == itemId).OrderBy(v => v.Number).ToListAsync(ct);

    /// <summary>The step's status; an item already past the workflow's publishing step keeps the timer's writes.</summary>
    public static ContentStatus StatusOf(string step) => step switch
    {
        EditorialWorkflow.Steps.Review => ContentStatus.InReview,
        EditorialWorkflow.Steps.Scheduled or EditorialWorkflow.Steps.Publishing => ContentStatus.Scheduled,
        EditorialWorkflow.Steps.Published => ContentStatus.Published,
        EditorialWorkflow.Steps.Unpublished or EditorialWorkflow.Steps.Archived => ContentStatus.Unpublished,
        _ => ContentStatus.Draft,
    };

    private async Task DecideAsync(ContentItem item, string outcome, string? comment, JsonObject? data, Actor actor, CancellationToken ct)
    {
        var task = await db.WorkflowTasks.AsNoTracking()
            .Where(t => t.InstanceId == item.InstanceId && t.Status == HumanTaskStatus.Open && t.Step == EditorialWorkflow.Steps.Review)
            .Select(t => (Guid?)t.Id).FirstOrDefaultAsync(ct)
            ?? throw new EditorialActionRefusedException("The item is not waiting for approval.");
        await tasks.DecideAsync(task, outcome, comment, data, actor, ct);
    }

    private async Task RaiseAsync(ContentItem item, string eventName, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        var result = await runtime.RaiseAsync(item.InstanceId!.Value, new WorkflowEvent(Guid.NewGuid().ToString("N"), eventName), actor, cancellationToken: ct);
        if (result.Outcome != TransitionOutcome.Applied)
        {
            throw new EditorialActionRefusedException($"The event {eventName} does not apply at the step {result.StepBefore}.");
        }

        await SyncAsync(item, ct);
    }

    /// <summary>Mirrors the workflow's step in the item; the timer's publication may already have run, so it is re-read.</summary>
    private async Task SyncAsync(ContentItem item, CancellationToken ct)
    {
        var step = await db.WorkflowInstances.AsNoTracking().Where(i => i.Id == item.InstanceId).Select(i => i.CurrentStep).SingleAsync(ct);
        var status = StatusOf(step);
        if (status != ContentStatus.Published)
        {
            item.Status = status;
        }
        else
        {
            await db.Entry(item).ReloadAsync(ct);
        }

        item.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    private static void Apply(ContentItem item, ContentDraft draft)
    {
        item.SchoolYear = item.Kind == ContentKind.Disclosure ? draft.SchoolYear : null;
        var document = item.Kind == ContentKind.Document;
        item.DocumentNumber = document ? draft.DocumentNumber : null;
        item.IssuingAuthority = document ? draft.IssuingAuthority : null;
        item.IssuedOn = document ? draft.IssuedOn : null;
        item.EffectiveOn = document ? draft.EffectiveOn : null;
    }

    /// <summary>
    /// A news item's image travels with its draft: a new one replaces the stored one (same transaction as the version),
    /// and the alternative text follows the draft whether or not a new image came with it.
    /// </summary>
    private async Task AttachImageAsync(ContentItem item, ContentDraft draft, DateTimeOffset now, CancellationToken ct)
    {
        if (item.Kind != ContentKind.News)
        {
            return;
        }

        if (draft.Image is { } image)
        {
            var stored = await db.ContentImages.FirstOrDefaultAsync(i => i.ItemId == item.Id, ct);
            if (stored is null)
            {
                db.ContentImages.Add(new ContentImage { ItemId = item.Id, ContentType = image.ContentType, Large = image.Large, Thumbnail = image.Thumbnail });
            }
            else
            {
                stored.ContentType = image.ContentType;
                stored.Large = image.Large;
                stored.Thumbnail = image.Thumbnail;
            }

            item.ImageUpdatedAt = now;
            (item.ImageWidth, item.ImageHeight, item.ThumbnailWidth, item.ThumbnailHeight) = (image.Width, image.Height, image.ThumbnailWidth, image.ThumbnailHeight);
        }

        item.ImageAlt = item.ImageUpdatedAt is null ? null : draft.ImageAlt;
    }

    private static ContentVersion VersionOf(ContentItem item, Actor actor, DateTimeOffset at, string note) => new()
    {
        Id = Guid.NewGuid(), ItemId = item.Id, Number = item.Version, Title = item.Title, Summary = item.Summary, Source = item.Source,
        ChangedBy = actor.DisplayName, ChangedById = actor.UserId, ChangedAt = at, Note = note.Length > 1000 ? note[..1000] : note,
        ImageAlt = item.ImageAlt,
    };

    private async Task<string> FreeSlugAsync(Guid unitId, ContentKind kind, string title, CancellationToken ct)
    {
        var slug = ContentSlug.From(title);
        var taken = await db.ContentItems.Where(i => i.UnitId == unitId && i.Kind == kind && i.Slug.StartsWith(slug)).Select(i => i.Slug).ToListAsync(ct);
        var candidate = slug;
        for (var n = 2; taken.Contains(candidate); n++)
        {
            candidate = $"{slug}-{n}";
        }

        return candidate;
    }
}
