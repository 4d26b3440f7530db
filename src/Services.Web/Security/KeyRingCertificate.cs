using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Services.Web.Security;

/// <summary>
/// The certificate that encrypts the Data Protection key ring at rest (finding 7): the keys live in PostgreSQL, the
/// certificate does not, so a database backup alone cannot mint a sign-in cookie. Production names a PFX in
/// <c>Portal:DataProtection:CertificatePath</c> (and <c>:CertificatePassword</c>); without one, a certificate is
/// generated once under the data folder (<c>.data/keys/</c> for the local run) and reused.
/// </summary>
public static class KeyRingCertificate
{
    public const string PathSetting = "Portal:DataProtection:CertificatePath";
    public const string PasswordSetting = "Portal:DataProtection:CertificatePassword";

    public static X509Certificate2 Load(IConfiguration configuration)
    {
        var configured = configuration[PathSetting];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(configured, configuration[PasswordSetting]);
        }

        var path = Path.GetFullPath(Path.Combine(configuration["Portal:DataPath"] ?? ".data", "keys", "data-protection.pfx"));
        if (!File.Exists(path))
        {
            Generate(path);
        }

        return X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
    }

    /// <summary>
    /// examsapi: the same rule for another key (the import API's token keys, ADR 0022): the PFX named by
    /// <paramref name="pathSetting"/> (and <c>…Password</c>), else one generated once as <c>keys/{fileName}</c> under the data folder.
    /// </summary>
    internal static X509Certificate2 LoadOrGenerate(IConfiguration configuration, string pathSetting, string fileName, string subject, X509KeyUsageFlags usage)
    {
        var configured = configuration[pathSetting];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(configured, configuration[pathSetting.Replace("Path", "Password", StringComparison.Ordinal)]);
        }

        var path = Path.GetFullPath(Path.Combine(configuration["Portal:DataPath"] ?? ".data", "keys", fileName));
        if (!File.Exists(path))
        {
            Generate(path, subject, usage);
        }

        return X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
    }

    private static void Generate(string path, string subject = "CN=ServicesPortal key ring (local)", X509KeyUsageFlags? usage = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (usage is { } flags)
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(flags, critical: true));
        }

        // The token keys are checked against the portal's own clock, which tests (and a replayed day) may set back: a
        // generated key is valid from long before any such date, or every request would fail OpenIddict's configuration.
        var notBefore = usage is null ? DateTimeOffset.UtcNow.AddDays(-1) : new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var certificate = request.CreateSelfSigned(notBefore, DateTimeOffset.UtcNow.AddYears(20));
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temporary, certificate.Export(X509ContentType.Pfx));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        // Two nodes starting at once on one folder: the first certificate written wins, the other is discarded.
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }
}
