using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;

namespace Services.Web.Security;

/// <summary>What a verification token vouches for; the kind is signed with the id, so one kind cannot pass for another.</summary>
public enum VerifiedDocument : byte
{
    Receipt = 1,
    Certificate = 2,
}

/// <summary>
/// The tokens QR codes carry (S3, finding 11): a document kind and a record id under an HMAC-SHA256 tag, base64url,
/// leading to <c>/xac-minh/{token}</c>. Nobody without the key can make one or turn one into another, and the tracking
/// code itself — half of the status lookup's two factors — is not in it. The key comes from
/// <c>Portal:Verification:Key</c> (base64, at least 32 bytes, from the deployment's secret store), else from a key
/// file generated once under the data folder (<c>.data/verification.key</c> for the local run, never committed).
/// </summary>
public sealed class VerificationTokens
{
    public const string KeySetting = "Portal:Verification:Key";
    private const int IdBytes = 16;
    private const int TagBytes = 16; // 128 bits of HMAC: far beyond guessing, and a QR code small enough to print
    private const int TokenBytes = 1 + IdBytes + TagBytes; // 33 bytes: 44 base64url characters, no padding
    private static readonly byte[] Purpose = Encoding.ASCII.GetBytes("ServicesPortal verification v1");

    private readonly byte[] _key;
    private readonly PublicLinks _links;

    public VerificationTokens(IConfiguration configuration, PublicLinks links, ILogger<VerificationTokens> logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _links = links;
        _key = configuration[KeySetting] is { Length: > 0 } configured
            ? Convert.FromBase64String(configured)
            : KeyFile.ReadOrCreate(Path.Combine(configuration["Portal:DataPath"] ?? ".data", "verification.key"), logger);
        if (_key.Length < 32)
        {
            throw new InvalidOperationException($"{KeySetting} must hold at least 32 bytes (base64).");
        }
    }

    public string Issue(VerifiedDocument kind, Guid id)
    {
        var token = new byte[TokenBytes];
        token[0] = (byte)kind;
        id.TryWriteBytes(token.AsSpan(1, IdBytes));
        Tag(token.AsSpan(0, 1 + IdBytes)).CopyTo(token.AsSpan(1 + IdBytes));
        return Convert.ToBase64String(token).Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The id a genuine token of <paramref name="kind"/> vouches for; null for anything altered, truncated or made up.</summary>
    public Guid? Read(VerifiedDocument kind, string? token)
    {
        if (token is not { Length: 44 })
        {
            return null;
        }

        var bytes = new byte[TokenBytes];
        if (!Convert.TryFromBase64String(token.Replace('-', '+').Replace('_', '/'), bytes, out var written) || written != TokenBytes)
        {
            return null;
        }

        var signed = bytes.AsSpan(0, 1 + IdBytes);
        if (!CryptographicOperations.FixedTimeEquals(Tag(signed), bytes.AsSpan(1 + IdBytes)) || bytes[0] != (byte)kind)
        {
            return null;
        }

        return new Guid(bytes.AsSpan(1, IdBytes));
    }

    /// <summary>The absolute link a receipt's QR code carries: the public address, the visitor's language (<c>/en</c>), the token.</summary>
    public string ReceiptLink(Guid dossierId, IUrlHelper url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return _links.To(url.Content($"~/xac-minh/{Issue(VerifiedDocument.Receipt, dossierId)}"));
    }

    private byte[] Tag(ReadOnlySpan<byte> signed)
    {
        var message = new byte[Purpose.Length + signed.Length];
        Purpose.CopyTo(message, 0);
        signed.CopyTo(message.AsSpan(Purpose.Length));
        return HMACSHA256.HashData(_key, message)[..TagBytes];
    }
}
