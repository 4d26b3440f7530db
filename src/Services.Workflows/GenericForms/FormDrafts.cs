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

    private static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));
}
