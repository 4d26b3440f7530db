using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NSec.Cryptography;

namespace Services.Workflows.Journal;

/// <summary>
/// The Ed25519 key that signs checkpoints. Its public half is published with them, so anyone holding a copy can check
/// that a checkpoint came from the portal. From <c>Journal:SigningKey</c>, else from a key file generated on first use.
/// </summary>
public sealed class JournalSigningKey : IDisposable
{
    public const string AlgorithmName = "ed25519";
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;
    private readonly Key _key;

    public JournalSigningKey(IOptions<JournalOptions> options, IConfiguration configuration, ILogger<JournalSigningKey> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        var seed = options.Value.SigningKey is { Length: > 0 } configured
            ? Convert.FromBase64String(configured)
            : FromFile(options.Value.SigningKeyPath ?? Path.Combine(configuration["Portal:DataPath"] ?? ".data", "journal-signing.key"), logger);
        _key = Key.Import(Ed25519, seed, KeyBlobFormat.RawPrivateKey);
        PublicKey = Convert.ToBase64String(_key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
        KeyId = IdOf(PublicKey);
    }

    /// <summary>The public key, base64 of its 32 raw bytes.</summary>
    public string PublicKey { get; }

    public string KeyId { get; }

    public string Sign(string text) => Convert.ToBase64String(Ed25519.Sign(_key, Encoding.UTF8.GetBytes(text)));

    public static bool Verify(string publicKey, string text, string signature)
    {
        try
        {
            var key = NSec.Cryptography.PublicKey.Import(Ed25519, Convert.FromBase64String(publicKey), KeyBlobFormat.RawPublicKey);
            return Ed25519.Verify(key, Encoding.UTF8.GetBytes(text), Convert.FromBase64String(signature));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>A short name for a public key: the first 16 hex digits of its SHA-256.</summary>
    public static string IdOf(string publicKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Convert.FromBase64String(publicKey)))[..16];

    /// <summary>A new private key, base64, for <c>Journal:SigningKey</c>.</summary>
    public static string Generate() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public void Dispose() => _key.Dispose();

    private static byte[] FromFile(string path, ILogger logger)
    {
        if (!File.Exists(path))
        {
            try
            {
                Create(path);
                logger.LogWarning("Generated a journal signing key at {Path}; set Journal:SigningKey from a secret store in production", path);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process on this machine created it first: use theirs.
            }
        }

        return Convert.FromBase64String(File.ReadAllText(path).Trim());
    }

    private static void Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        // Created readable by its owner only; written once and then only read.
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var file = new FileStream(path, create);
        using var writer = new StreamWriter(file);
        writer.Write(Generate());
    }
}
