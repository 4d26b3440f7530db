using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.GenericForms;

namespace Services.Workflows.GenericForms;

/// <summary>
/// Unfinished applications, resumable for <see cref="Lifetime"/> with a random token (kept in a cookie during the
/// journey; in the mailed resume link only until it is exchanged for the cookie). Only the token's SHA-256 is stored.
/// Expired drafts are deleted by the retention sweep.
/// </summary>
public sealed class FormDrafts(PortalDbContext db, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    /// <summary>How long after submission the token still opens the confirmation and the receipt; then it is dead.</summary>
    public static readonly TimeSpan AfterSubmission = TimeSpan.FromHours(1);

    /// <param name="firstAnswers">Answers known before the first page, e.g. from the signed-in applicant's account.</param>
    public async Task<(DossierDraft Draft, string Token)> StartAsync(
        OnlineForm form, Guid? userId, IReadOnlyDictionary<string, string> firstAnswers, CancellationToken ct)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow();
        var draft = new DossierDraft
        {
            Id = Guid.CreateVersion7(),
            FormId = form.Id,
            TokenHash = Hash(token),
            UserId = userId,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = now + Lifetime,
            Data = new Dictionary<string, string>(firstAnswers, StringComparer.Ordinal),
        };
        db.DossierDrafts.Add(draft);
        await db.SaveChangesAsync(ct);
        return (draft, token);
    }

    /// <summary>The draft of <paramref name="formId"/> behind <paramref name="token"/>, unless it has expired.</summary>
    public async Task<DossierDraft?> FindAsync(Guid formId, string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 64)
        {
            return null;
        }

        var hash = Hash(token);
        var now = clock.GetUtcNow();
        return await db.DossierDrafts.SingleOrDefaultAsync(d => d.TokenHash == hash && d.FormId == formId && d.ExpiresAt > now, ct);
    }

    /// <summary>
    /// The published form <paramref name="slug"/> of <paramref name="unitId"/> and its draft behind <paramref name="token"/>
    /// (as <see cref="FindAsync"/> finds it), in one round trip: every page of a journey needs both. The draft is tracked, to be saved.
    /// </summary>
    public async Task<(OnlineForm? Form, DossierDraft? Draft)> FindWithFormAsync(Guid unitId, string slug, string? token, CancellationToken ct)
    {
        var hash = string.IsNullOrEmpty(token) || token.Length > 64 ? NoToken : Hash(token);
        var found = await PublishedFormWithDraft(db, unitId, slug, hash, clock.GetUtcNow(), ct);
        if (found?.Draft is { } draft)
        {
            db.DossierDrafts.Attach(draft);
        }

        return (found?.Form, found?.Draft);
    }

    public async Task SaveAsync(DossierDraft draft, IReadOnlyDictionary<string, string> answers, IEnumerable<string> askedKeys, int reachedStep, CancellationToken ct)
    {
        var data = new Dictionary<string, string>(draft.Data, StringComparer.Ordinal);
        foreach (var key in askedKeys)
        {
            if (answers.TryGetValue(key, out var value))
            {
                data[key] = value;
            }
            else
            {
                data.Remove(key); // an answer cleared on this page is cleared in the draft too
            }
        }

        draft.Data = data;
        draft.CurrentStep = Math.Max(draft.CurrentStep, reachedStep);
        draft.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    /// <summary>No stored token hash is empty (they are SHA-256): without a usable token no draft is found.</summary>
    private static readonly byte[] NoToken = [];

    // Compiled once (ADR 0036): each page of every journey runs it.
    private static readonly Func<PortalDbContext, Guid, string, byte[], DateTimeOffset, CancellationToken, Task<FormWithDraft?>> PublishedFormWithDraft =
        EF.CompileAsyncQuery((PortalDbContext db, Guid unitId, string slug, byte[] hash, DateTimeOffset now, CancellationToken ct) =>
            db.OnlineForms.AsNoTracking()
                .Where(f => f.UnitId == unitId && f.Slug == slug && f.Status == OnlineFormStatus.Published)
                .Select(f => new FormWithDraft(f, db.DossierDrafts.FirstOrDefault(d => d.TokenHash == hash && d.FormId == f.Id && d.ExpiresAt > now)))
                .SingleOrDefault());

    private sealed record FormWithDraft(OnlineForm Form, DossierDraft? Draft);

    private static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));
}
