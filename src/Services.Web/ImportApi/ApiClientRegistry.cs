using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.ApiClients;

namespace Services.Web.ImportApi;

/// <summary>The scopes a machine client may hold (ADR 0022).</summary>
public static class ImportScopes
{
    public const string Exams = "exams.import";
    public const string Certificates = "certificates.import";

    public static readonly IReadOnlyList<string> All = [Exams, Certificates];
}

/// <summary>
/// The registered machine clients: creating one (its secret is returned once and only its SHA-256 is kept),
/// checking a client's credentials at the token endpoint, and finding an active client for each API request.
/// </summary>
public sealed class ApiClientRegistry(PortalDbContext db, TimeProvider clock)
{
    /// <summary>Adds a client to the context (the caller saves it, journaled) and returns the secret to show once.</summary>
    public (ApiClient Client, string Secret) Add(string name, IEnumerable<string> scopes, IEnumerable<Guid> unitIds)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var client = new ApiClient
        {
            Id = Guid.CreateVersion7(),
            ClientId = "dvc-" + RandomNumberGenerator.GetHexString(20, lowercase: true),
            Name = name,
            SecretHash = Hash(secret),
            Scopes = [.. scopes.Where(ImportScopes.All.Contains).Distinct().Order(StringComparer.Ordinal)],
            UnitIds = [.. unitIds.Distinct()],
            Active = true,
            CreatedAt = clock.GetUtcNow(),
        };
        db.ApiClients.Add(client);
        return (client, secret);
    }

    public async Task<IReadOnlyList<ApiClient>> ListAsync(CancellationToken ct) =>
        await db.ApiClients.AsNoTracking().OrderByDescending(c => c.Active).ThenBy(c => c.Name).ToListAsync(ct);

    /// <summary>The client for the tracked change of a page (deactivation), or null.</summary>
    public Task<ApiClient?> FindAsync(Guid id, CancellationToken ct) => db.ApiClients.SingleOrDefaultAsync(c => c.Id == id, ct);

    /// <summary>The active client with this <c>client_id</c>, or null (unknown and deactivated answer alike).</summary>
    public Task<ApiClient?> FindActiveAsync(string? clientId, CancellationToken ct) =>
        string.IsNullOrEmpty(clientId)
            ? Task.FromResult<ApiClient?>(null)
            : db.ApiClients.AsNoTracking().SingleOrDefaultAsync(c => c.ClientId == clientId && c.Active, ct);

    /// <summary>The active client whose secret this is, else null; the comparison takes the same time whatever differs.</summary>
    public async Task<ApiClient?> AuthenticateAsync(string? clientId, string? secret, CancellationToken ct)
    {
        var client = await FindActiveAsync(clientId, ct);
        var presented = Hash(secret ?? "");
        return client is not null && CryptographicOperations.FixedTimeEquals(client.SecretHash, presented) ? client : null;
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
