namespace Services.Data.ApiClients;

/// <summary>
/// A machine client of the import API (ADR 0022): another system (exam management, a certificate register) that
/// obtains tokens with the OAuth 2.0 client-credentials grant. It may import only into its units and only what its
/// scopes allow; a deactivated client gets no token and its tokens already issued are refused.
/// </summary>
public sealed class ApiClient
{
    public Guid Id { get; set; }

    /// <summary>The OAuth <c>client_id</c>: generated, never chosen by hand.</summary>
    public required string ClientId { get; set; }

    public required string Name { get; set; }

    /// <summary>SHA-256 of the secret (256 random bits, shown once): a high-entropy secret needs no slow hash.</summary>
    public required byte[] SecretHash { get; set; }

    /// <summary>The scopes it may ask for: <c>exams.import</c>, <c>certificates.import</c>.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>The units it may import into.</summary>
    public List<Guid> UnitIds { get; set; } = [];

    public bool Active { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeactivatedAt { get; set; }
}
