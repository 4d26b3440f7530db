using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Consultations;
using Services.Data.Identity;
using Services.Data.Workflows;
using Services.Workflows.Documents;
using Services.Workflows.Runtime;
using Steps = Services.Workflows.Consultations.ConsultationWorkflow.Steps;
using Events = Services.Workflows.Consultations.ConsultationWorkflow.Events;

namespace Services.Workflows.Consultations;

/// <summary>A consultation with the step its workflow is in, read against the portal's clock.</summary>
public sealed record ConsultationView(Consultation Consultation, string Stage, DateTimeOffset Now)
{
    public bool IsPublic => Stage is Steps.Published or Steps.Closed or Steps.Answered;

    /// <summary>Comments are taken between the opening and the closing time, and never once the timer has closed it.</summary>
    public bool AcceptsComments => Stage == Steps.Published && Now >= Consultation.OpensAt && Now < Consultation.ClosesAt;

    public bool IsClosed => Stage is Steps.Closed or Steps.Answered || (Stage == Steps.Published && Now >= Consultation.ClosesAt);

    public TimeSpan TimeLeft => Consultation.ClosesAt > Now ? Consultation.ClosesAt - Now : TimeSpan.Zero;
}

public enum EditorialOutcome
{
    Done,
    NotFound,

    /// <summary>The step does not allow it (already approved, not yet approved…).</summary>
    WrongStage,

    /// <summary>The author of a draft cannot approve it: approval is another person's.</summary>
    SameAuthor,

    /// <summary>Not every counted comment has its disposition yet.</summary>
    Undisposed,

    /// <summary>The actor does not hold the editorial role the step needs in the consultation's unit.</summary>
    NotAllowed,

    /// <summary>Sending a notice back needs the approver's reason.</summary>
    CommentRequired,
}

/// <summary>The e-mail a commenter gets: the caller writes it in the visitor's language around the given link or text.</summary>
public sealed record MailText(string Subject, string Body);

/// <summary>
/// Consultations and their comments: the editorial steps on <see cref="ConsultationWorkflow"/>, the public's comments
/// (counted once their e-mail is confirmed, e-mails written to the outbox in the same transaction), moderation,
/// replies, dispositions and the report.
/// </summary>
public sealed class ConsultationRegistry(PortalDbContext db, WorkflowRuntime runtime, TimeProvider clock)
{
    public async Task<Consultation> CreateAsync(Consultation draft, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(actor);
        draft.Id = Guid.NewGuid();
        draft.CreatedAt = clock.GetUtcNow();
        draft.OpensAt = draft.OpensAt.ToUniversalTime();
        draft.ClosesAt = draft.ClosesAt.ToUniversalTime();
        draft.DraftedBy = actor.UserId ?? throw new InvalidOperationException("A draft has an author.");
        db.Consultations.Add(draft);
        await db.SaveChangesAsync(ct);

        var state = new JsonObject
        {
            [ConsultationWorkflow.ConsultationIdKey] = draft.Id.ToString(),
            [ConsultationWorkflow.ClosesAtKey] = draft.ClosesAt.ToString("O", CultureInfo.InvariantCulture),
        };
        var started = await runtime.StartAsync(ConsultationWorkflow.WorkflowName, draft.UnitId, $"GY-{draft.Id:N}", state, actor, ct);
        draft.WorkflowInstanceId = started.InstanceId;
        await db.SaveChangesAsync(ct);
        return draft;
    }

    public async Task<IReadOnlyList<ConsultationView>> OfUnitAsync(Guid unitId, bool publicOnly, CancellationToken ct)
    {
        var consultations = await db.Consultations.AsNoTracking().Where(c => c.UnitId == unitId).OrderByDescending(c => c.ClosesAt).ToListAsync(ct);
        var ids = consultations.Select(c => c.WorkflowInstanceId).ToList();
        var steps = await db.WorkflowInstances.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.CurrentStep, ct);
        var now = clock.GetUtcNow();
        return consultations.Select(c => new ConsultationView(c, c.WorkflowInstanceId is { } id ? steps.GetValueOrDefault(id, Steps.Draft) : Steps.Draft, now))
            .Where(v => !publicOnly || v.IsPublic).ToList();
    }

    /// <summary>The unit's consultation, or null when it is another unit's (so one unit never reads another's).</summary>
    public async Task<ConsultationView?> FindAsync(Guid unitId, Guid id, CancellationToken ct)
    {
        var consultation = await db.Consultations.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id && c.UnitId == unitId, ct);
        if (consultation is null)
        {
            return null;
        }

        var step = await db.WorkflowInstances.AsNoTracking().Where(i => i.Id == consultation.WorkflowInstanceId).Select(i => i.CurrentStep).SingleOrDefaultAsync(ct);
        return new ConsultationView(consultation, step ?? Steps.Draft, clock.GetUtcNow());
    }

    public const int MaxAttachmentBytes = 10 * 1024 * 1024;

    private static readonly Dictionary<string, string> AttachmentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = "application/pdf",
        [".doc"] = "application/msword",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".odt"] = "application/vnd.oasis.opendocument.text",
    };

    /// <summary>
    /// Adds a document while the consultation is still a draft (what was approved is what is published). Only office
    /// documents by their extension, up to <see cref="MaxAttachmentBytes"/>; the type served is ours, never the sender's.
    /// </summary>
    public async Task<bool> AttachAsync(ConsultationView view, string fileName, byte[] content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(content);
        var name = Path.GetFileName(fileName ?? "");
        if (view.Stage != Steps.Draft || content.Length is 0 or > MaxAttachmentBytes || name.Length is 0 or > 200
            || !AttachmentTypes.TryGetValue(Path.GetExtension(name), out var type))
        {
            return false;
        }

        db.ConsultationAttachments.Add(new ConsultationAttachment
        {
            Id = Guid.NewGuid(), ConsultationId = view.Consultation.Id, FileName = name, ContentType = type, Content = content, UploadedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The consultation's documents, without their content.</summary>
    public async Task<IReadOnlyList<(Guid Id, string FileName, int Bytes)>> AttachmentsAsync(Guid consultationId, CancellationToken ct) =>
        (await db.ConsultationAttachments.AsNoTracking().Where(a => a.ConsultationId == consultationId).OrderBy(a => a.UploadedAt).ThenBy(a => a.FileName)
            .Select(a => new { a.Id, a.FileName, Bytes = a.Content.Length }).ToListAsync(ct))
        .Select(a => (a.Id, a.FileName, a.Bytes)).ToList();

    public Task<ConsultationAttachment?> AttachmentAsync(Guid consultationId, Guid attachmentId, CancellationToken ct) =>
        db.ConsultationAttachments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == attachmentId && a.ConsultationId == consultationId, ct);

    /// <summary>Moves the consultation along its editorial steps; approving is refused to the draft's author.</summary>
    public async Task<EditorialOutcome> AdvanceAsync(Guid unitId, Guid id, string eventName, Actor actor, CancellationToken ct) =>
        await AdvanceAsync(unitId, id, eventName, actor, null, ct);

    /// <summary>
    /// The editorial roles (ADR 0026): the unit's editor (or its administrator) drafts and sends for approval; only
    /// the unit's approver approves, sends back (with a reason) and publishes. Other events need no editorial role.
    /// </summary>
    public static IReadOnlyCollection<PortalRole> RolesFor(string eventName) => eventName switch
    {
        Events.Submit => [PortalRole.Editor, PortalRole.UnitAdmin],
        Events.Approve or Events.Return or Events.Publish => [PortalRole.Approver],
        _ => [],
    };

    /// <summary>Moves the consultation by an editorial event, when the actor holds the role it needs in the unit.</summary>
    public async Task<EditorialOutcome> AdvanceAsync(Guid unitId, Guid id, string eventName, Actor actor, string? comment, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var view = await FindAsync(unitId, id, ct);
        if (view is null)
        {
            return EditorialOutcome.NotFound;
        }

        if (RolesFor(eventName) is { Count: > 0 } roles && (actor.Role is not { } role || !roles.Contains(role) || actor.UnitId != unitId))
        {
            return EditorialOutcome.NotAllowed;
        }

        if (eventName == Events.Approve && actor.UserId == view.Consultation.DraftedBy)
        {
            return EditorialOutcome.SameAuthor;
        }

        var reason = comment?.Trim();
        if (eventName == Events.Return && string.IsNullOrEmpty(reason))
        {
            return EditorialOutcome.CommentRequired;
        }

        if (eventName == Events.Answer && await db.ConsultationComments.AnyAsync(
                c => c.ConsultationId == id && c.ReplyTo == null && c.ConfirmedAt != null && c.Disposition == null, ct))
        {
            return EditorialOutcome.Undisposed;
        }

        if (eventName == Events.Approve)
        {
            await db.Consultations.Where(c => c.Id == id).ExecuteUpdateAsync(u => u.SetProperty(c => c.ApprovedBy, actor.UserId), ct);
        }

        var payload = eventName == Events.Return ? new JsonObject { ["comment"] = reason } : null;
        var result = await runtime.RaiseAsync(view.Consultation.WorkflowInstanceId!.Value, new WorkflowEvent($"{eventName}:{Guid.NewGuid():N}", eventName, payload), actor, null, ct);
        if (result.Outcome != TransitionOutcome.Applied)
        {
            return EditorialOutcome.WrongStage;
        }

        if (eventName is Events.Return or Events.Submit)
        {
            // The reason stays on the draft for its editor until it is sent for approval again.
            var kept = eventName == Events.Return ? reason : null;
            await db.Consultations.Where(c => c.Id == id).ExecuteUpdateAsync(u => u.SetProperty(c => c.ReturnComment, kept), ct);
        }

        return EditorialOutcome.Done;
    }

    /// <summary>
    /// Takes a comment, not yet counted: the returned secret goes in the confirmation link, and <paramref name="mail"/>
    /// (given the secret) is written to the outbox with the comment, so both exist or neither.
    /// </summary>
    public async Task<ConsultationComment> CommentAsync(ConsultationView view, ConsultationComment comment, Func<string, MailText> mail, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(comment);
        ArgumentNullException.ThrowIfNull(mail);
        if (!view.AcceptsComments)
        {
            throw new InvalidOperationException("The consultation does not take comments now.");
        }

        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        comment.Id = Guid.NewGuid();
        comment.ConsultationId = view.Consultation.Id;
        comment.CreatedAt = clock.GetUtcNow();
        comment.ConfirmationHash = Hash(secret);
        comment.Visibility = CommentVisibility.Pending;
        db.ConsultationComments.Add(comment);
        db.OutboxMessages.Add(Mail(view.Consultation, comment.Email, mail(secret)));
        await db.SaveChangesAsync(ct);
        return comment;
    }

    /// <summary>Counts the comment the link names (shown at once when moderation comes after publication); null for an unknown link.</summary>
    public async Task<ConsultationComment?> ConfirmAsync(string? secret, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 100)
        {
            return null;
        }

        var hash = Hash(secret);
        var comment = await db.ConsultationComments.SingleOrDefaultAsync(c => c.ConfirmationHash == hash, ct);
        if (comment is null || comment.ConfirmedAt is not null)
        {
            return comment;
        }

        var consultation = await db.Consultations.AsNoTracking().SingleAsync(c => c.Id == comment.ConsultationId, ct);
        comment.ConfirmedAt = clock.GetUtcNow();
        comment.Visibility = consultation.Moderation == ModerationMode.AfterPublication ? CommentVisibility.Shown : CommentVisibility.Pending;
        await db.SaveChangesAsync(ct);
        return comment;
    }

    /// <summary>Every counted comment and the unit's replies, oldest first.</summary>
    public async Task<IReadOnlyList<ConsultationComment>> CommentsAsync(Guid consultationId, CancellationToken ct) =>
        await db.ConsultationComments.AsNoTracking()
            .Where(c => c.ConsultationId == consultationId && (c.ConfirmedAt != null || c.ReplyTo != null))
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToListAsync(ct);

    /// <summary>A reader's report: once the consultation's threshold is reached the comment is hidden, in one statement.</summary>
    public async Task<bool> ReportAsync(Guid consultationId, Guid commentId, CancellationToken ct)
    {
        var threshold = await db.Consultations.Where(c => c.Id == consultationId).Select(c => (int?)c.HideAfterReports).SingleOrDefaultAsync(ct);
        if (threshold is not { } limit)
        {
            return false;
        }

        return await db.ConsultationComments.Where(c => c.Id == commentId && c.ConsultationId == consultationId && c.Visibility == CommentVisibility.Shown)
            .ExecuteUpdateAsync(u => u
                .SetProperty(c => c.Reports, c => c.Reports + 1)
                .SetProperty(c => c.Visibility, c => limit > 0 && c.Reports + 1 >= limit ? CommentVisibility.Hidden : CommentVisibility.Shown), ct) == 1;
    }

    public async Task<bool> ModerateAsync(Guid consultationId, Guid commentId, bool show, CancellationToken ct) =>
        await db.ConsultationComments.Where(c => c.Id == commentId && c.ConsultationId == consultationId && c.ConfirmedAt != null && c.ReplyTo == null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Visibility, show ? CommentVisibility.Shown : CommentVisibility.Hidden), ct) == 1;

    /// <summary>The unit's reply in a comment's thread, shown at once under the unit's name.</summary>
    public async Task<bool> ReplyAsync(Guid consultationId, Guid commentId, string unitName, string body, CancellationToken ct)
    {
        if (!await db.ConsultationComments.AnyAsync(c => c.Id == commentId && c.ConsultationId == consultationId && c.ReplyTo == null && c.ConfirmedAt != null, ct))
        {
            return false;
        }

        db.ConsultationComments.Add(new ConsultationComment
        {
            Id = Guid.NewGuid(), ConsultationId = consultationId, ReplyTo = commentId, Name = unitName, Email = "", Body = body,
            CreatedAt = clock.GetUtcNow(), Visibility = CommentVisibility.Shown,
        });
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>A comment's disposition, accepted only once the consultation has closed and before the report is out.</summary>
    public async Task<bool> DisposeAsync(ConsultationView view, Guid commentId, Disposition disposition, string reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (view.Stage != Steps.Closed)
        {
            return false;
        }

        return await db.ConsultationComments.Where(c => c.Id == commentId && c.ConsultationId == view.Consultation.Id && c.ReplyTo == null && c.ConfirmedAt != null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Disposition, disposition).SetProperty(c => c.DispositionReason, reason), ct) == 1;
    }

    /// <summary>Publishes the report (the workflow's last step), then tells every commenter, each address once, through the outbox.</summary>
    public async Task<EditorialOutcome> PublishReportAsync(Guid unitId, Guid id, MailText mail, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var view = await FindAsync(unitId, id, ct);
        if (view is null)
        {
            return EditorialOutcome.NotFound;
        }

        var outcome = await AdvanceAsync(unitId, id, Events.Answer, actor, ct);
        if (outcome != EditorialOutcome.Done)
        {
            return outcome;
        }

        var addresses = await db.ConsultationComments.AsNoTracking().Where(c => c.ConsultationId == id && c.ReplyTo == null && c.ConfirmedAt != null)
            .Select(c => c.Email).ToListAsync(ct);
        db.OutboxMessages.AddRange(addresses.Distinct(StringComparer.OrdinalIgnoreCase).Select(a => Mail(view.Consultation, a, mail)));
        await db.SaveChangesAsync(ct);
        return EditorialOutcome.Done;
    }

    /// <summary>All counted comments as CSV (<see cref="CsvText"/>: formulas defused, readable Vietnamese).</summary>
    public static byte[] Csv(ConsultationView view, IReadOnlyList<ConsultationComment> comments, Func<Disposition?, string> dispositionName)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(comments);
        ArgumentNullException.ThrowIfNull(dispositionName);
        var csv = new StringBuilder();
        csv.Append("id,section,reply_to,name,email,organisation,created_at,visibility,reports,comment,disposition,reason\r\n");
        foreach (var c in comments)
        {
            string[] cells =
            [
                c.Id.ToString(), c.Section is { } s ? view.Consultation.Sections[s].Heading : "", c.ReplyTo?.ToString() ?? "", c.Name, c.Email,
                c.Organisation ?? "", c.CreatedAt.ToString("O", CultureInfo.InvariantCulture), c.Visibility.ToString(),
                c.Reports.ToString(CultureInfo.InvariantCulture), c.Body, c.ReplyTo is null ? dispositionName(c.Disposition) : "", c.DispositionReason ?? "",
            ];
            CsvText.AppendLine(csv, cells);
        }

        return CsvText.Bytes(csv);
    }

    private OutboxMessage Mail(Consultation consultation, string to, MailText mail) => new()
    {
        Id = Guid.NewGuid(),
        InstanceId = consultation.WorkflowInstanceId,
        Channel = NotificationChannel.Email,
        Recipient = to,
        Subject = mail.Subject,
        Body = mail.Body,
        Status = OutboxStatus.Pending,
        NextAttemptAt = clock.GetUtcNow(),
        CreatedAt = clock.GetUtcNow(),
    };

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
