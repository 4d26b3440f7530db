using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Services.Workflows.Dossiers.Attachments;

/// <summary>A file accepted into the store.</summary>
/// <param name="Id">A new id for the row that will refer to the file (the same content may be referred to many times).</param>
/// <param name="FileName">The sanitised original name, with the extension of the detected type.</param>
/// <param name="ContentType">The MIME type detected from the content.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the content: its address in the store.</param>
public sealed record StoredAttachment(Guid Id, string FileName, string ContentType, long Size, string Sha256);

/// <summary>Either the stored file or why it was refused; nothing is kept when refused.</summary>
public sealed record AttachmentSaveResult(StoredAttachment? Attachment, AttachmentRejection? Rejection)
{
    public bool Succeeded => Attachment is not null;

    public static AttachmentSaveResult Rejected(AttachmentRejectionReason reason, long? limit = null) => new(null, new AttachmentRejection(reason, limit));
}

public interface IAttachmentStore
{
    /// <summary>
    /// Validates and stores an upload. <paramref name="alreadyAttached"/> is how many files the dossier (or form list)
    /// holds already, for the count limit. The stream is read once, to the size limit plus one byte at most.
    /// </summary>
    Task<AttachmentSaveResult> SaveAsync(Stream content, string? fileName, int alreadyAttached, CancellationToken ct);

    /// <summary>The stored content, or null when no file has that hash (or the hash is malformed).</summary>
    Stream? OpenRead(string sha256);

    /// <summary>
    /// Removes a file nothing refers to any more (the retention sweep checks that); a file stored or uploaded again
    /// within <paramref name="grace"/> stays, since a draft may be about to refer to it. True when a file was removed.
    /// </summary>
    bool Delete(string sha256, TimeSpan grace);
}

/// <summary>
/// Files under <c>{Portal:DataPath}/files/ab/cd/&lt;sha256&gt;</c>, outside the web root, addressed by their content:
/// the same file uploaded twice is stored once, and a stored file is never overwritten with other bytes.
/// </summary>
public sealed class FileSystemAttachmentStore : IAttachmentStore
{
    private readonly AttachmentOptions _options;

    public FileSystemAttachmentStore(IOptions<AttachmentOptions> options, IConfiguration configuration)
        : this(options.Value, Path.Combine(configuration["Portal:DataPath"] ?? ".data", "files"))
    {
    }

    public FileSystemAttachmentStore(AttachmentOptions options, string root)
    {
        _options = options;
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public async Task<AttachmentSaveResult> SaveAsync(Stream content, string? fileName, int alreadyAttached, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (alreadyAttached >= _options.MaxFiles)
        {
            return AttachmentSaveResult.Rejected(AttachmentRejectionReason.TooMany, _options.MaxFiles);
        }

        var incoming = Path.Combine(Root, "incoming");
        Directory.CreateDirectory(incoming);
        var temporary = Path.Combine(incoming, Guid.NewGuid().ToString("N"));
        try
        {
            string sha256;
            long size;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                (sha256, size) = await CopyHashedAsync(content, file, _options.MaxFileBytes, ct);
                if (size > _options.MaxFileBytes)
                {
                    return AttachmentSaveResult.Rejected(AttachmentRejectionReason.TooLarge, _options.MaxFileBytes);
                }

                if (size == 0)
                {
                    return AttachmentSaveResult.Rejected(AttachmentRejectionReason.Empty);
                }

                var (type, rejection) = ContentSniffer.Detect(file);
                if (type is null)
                {
                    return AttachmentSaveResult.Rejected(rejection ?? AttachmentRejectionReason.UnsupportedType);
                }

                await file.FlushAsync(ct);
                var name = AttachmentFileName.Sanitize(fileName, type, _options.MaxFileNameLength);
                var stored = new StoredAttachment(Guid.CreateVersion7(), name, type.ContentType, size, sha256);
                file.Close();
                Place(temporary, sha256);
                return new AttachmentSaveResult(stored, null);
            }
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    public Stream? OpenRead(string sha256)
    {
        var path = PathOf(sha256);
        return path is not null && File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan)
            : null;
    }

    public bool Delete(string sha256, TimeSpan grace)
    {
        var path = PathOf(sha256);
        if (path is null || !File.Exists(path) || File.GetLastWriteTimeUtc(path) > DateTime.UtcNow - grace)
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    /// <summary>Where a hash lives, or null for anything that is not 64 lower-case hex digits (no path tricks through the hash).</summary>
    public string? PathOf(string sha256)
    {
        if (sha256 is not { Length: 64 } || !sha256.All(char.IsAsciiHexDigitLower))
        {
            return null;
        }

        return Path.Combine(Root, sha256[..2], sha256[2..4], sha256);
    }

    private void Place(string temporary, string sha256)
    {
        var target = PathOf(sha256)!;
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (File.Exists(target))
        {
            // Same hash, same bytes: already stored. Touched, so the retention sweep's grace covers this new reference.
            File.SetLastWriteTimeUtc(target, DateTime.UtcNow);
            return;
        }

        try
        {
            File.Move(temporary, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            // Another request stored the same content between the check and the move.
        }
    }

    /// <summary>Copies at most <paramref name="max"/> + 1 bytes, hashing as it goes; a size above max means "too large".</summary>
    private static async Task<(string Sha256, long Size)> CopyHashedAsync(Stream source, Stream target, long max, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long size = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            size += read;
            if (size > max)
            {
                return ("", size);
            }

            hash.AppendData(buffer, 0, read);
            await target.WriteAsync(buffer.AsMemory(0, read), ct);
        }

        return (Convert.ToHexStringLower(hash.GetHashAndReset()), size);
    }
}
