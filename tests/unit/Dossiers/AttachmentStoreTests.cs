using System.Globalization;
using System.Security.Cryptography;
using Services.Workflows.Dossiers.Attachments;

namespace Services.Tests.Unit.Dossiers;

public sealed class AttachmentStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "portal-files-" + Guid.NewGuid().ToString("N"));
    private readonly FileSystemAttachmentStore _store;

    public AttachmentStoreTests() =>
        _store = new FileSystemAttachmentStore(new AttachmentOptions { MaxFileBytes = 64 * 1024, MaxFiles = 3 }, _root);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    public static TheoryData<string, string, string> Accepted => new()
    {
        { nameof(FileSamples.Pdf), "don.pdf", "application/pdf" },
        { nameof(FileSamples.Png), "anh.png", "image/png" },
        { nameof(FileSamples.Jpeg), "anh.jpg", "image/jpeg" },
        { nameof(FileSamples.Webp), "anh.webp", "image/webp" },
        { nameof(FileSamples.Docx), "don.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
        { nameof(FileSamples.Xlsx), "bang-diem.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
        { nameof(FileSamples.Odt), "don.odt", "application/vnd.oasis.opendocument.text" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public async Task A_supported_file_is_stored_under_its_hash_with_the_type_read_from_its_bytes(string sample, string name, string contentType)
    {
        var bytes = Sample(sample);

        var result = await SaveAsync(bytes, name);

        Assert.True(result.Succeeded, result.Rejection?.ToString());
        var stored = result.Attachment!;
        Assert.Equal(contentType, stored.ContentType);
        Assert.Equal(bytes.Length, stored.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), stored.Sha256);
        Assert.Equal(name, stored.FileName);
        var path = Path.Combine(_root, stored.Sha256[..2], stored.Sha256[2..4], stored.Sha256);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task The_type_comes_from_the_content_not_the_name()
    {
        var result = await SaveAsync(FileSamples.Png, "giay-khai-sinh.pdf");

        Assert.Equal("image/png", result.Attachment!.ContentType);
        Assert.Equal("giay-khai-sinh.pdf.png", result.Attachment.FileName);
    }

    [Theory]
    [InlineData(nameof(FileSamples.WindowsExecutable), "don-xin-nghi.pdf")]
    [InlineData(nameof(FileSamples.ElfExecutable), "hoc-ba.pdf")]
    [InlineData(nameof(FileSamples.ShellScript), "anh.jpg")]
    public async Task Executables_are_refused_whatever_their_name(string sample, string name)
    {
        var result = await SaveAsync(Sample(sample), name);

        Assert.False(result.Succeeded);
        Assert.Equal(AttachmentRejectionReason.Executable, result.Rejection!.Reason);
        AssertNothingStored();
    }

    [Theory]
    [InlineData(nameof(FileSamples.PlainZip), AttachmentRejectionReason.UnsupportedType)]
    [InlineData(nameof(FileSamples.Html), AttachmentRejectionReason.UnsupportedType)]
    [InlineData(nameof(FileSamples.Docm), AttachmentRejectionReason.Macro)]
    public async Task Other_content_is_refused_with_its_reason(string sample, AttachmentRejectionReason reason)
    {
        var result = await SaveAsync(Sample(sample), "tep.docx");

        Assert.Equal(reason, result.Rejection?.Reason);
        AssertNothingStored();
    }

    [Fact]
    public async Task A_zip_header_on_garbage_is_unsupported_not_an_error()
    {
        byte[] broken = [0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8];

        var result = await SaveAsync(broken, "x.docx");

        Assert.Equal(AttachmentRejectionReason.UnsupportedType, result.Rejection?.Reason);
    }

    [Fact]
    public async Task An_empty_file_is_refused()
    {
        var result = await SaveAsync([], "trong.pdf");

        Assert.Equal(AttachmentRejectionReason.Empty, result.Rejection?.Reason);
        AssertNothingStored();
    }

    [Fact]
    public async Task An_oversize_file_is_refused_without_reading_it_all_and_nothing_is_kept()
    {
        var big = new byte[1024 * 1024];
        FileSamples.Pdf.CopyTo(big, 0);
        await using var stream = new MemoryStream(big);

        var result = await _store.SaveAsync(stream, "lon.pdf", 0, CancellationToken.None);

        Assert.Equal(AttachmentRejectionReason.TooLarge, result.Rejection?.Reason);
        Assert.Equal(64 * 1024, result.Rejection!.Limit);
        Assert.True(stream.Position < big.Length, "the store read past the limit");
        AssertNothingStored();
    }

    [Fact]
    public async Task The_count_limit_refuses_one_file_too_many()
    {
        Assert.True((await _store.SaveAsync(new MemoryStream(FileSamples.Pdf), "a.pdf", 2, CancellationToken.None)).Succeeded);

        var result = await _store.SaveAsync(new MemoryStream(FileSamples.Pdf), "b.pdf", 3, CancellationToken.None);

        Assert.Equal(AttachmentRejectionReason.TooMany, result.Rejection?.Reason);
        Assert.Equal(3, result.Rejection!.Limit);
    }

    [Fact]
    public async Task The_same_content_twice_is_stored_once_under_two_ids()
    {
        var first = (await SaveAsync(FileSamples.Pdf, "a.pdf")).Attachment!;
        var second = (await SaveAsync(FileSamples.Pdf, "b.pdf")).Attachment!;

        Assert.Equal(first.Sha256, second.Sha256);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Single(Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_stored_file_can_be_read_back_and_a_malformed_hash_opens_nothing()
    {
        var docx = FileSamples.Docx;
        var stored = (await SaveAsync(docx, "don.docx")).Attachment!;

        await using (var read = _store.OpenRead(stored.Sha256))
        {
            Assert.NotNull(read);
            using var copy = new MemoryStream();
            await read.CopyToAsync(copy);
            Assert.Equal(docx, copy.ToArray());
        }

        Assert.Null(_store.OpenRead("../../etc/passwd"));
        Assert.Null(_store.OpenRead(stored.Sha256.ToUpperInvariant()));
        Assert.Null(_store.OpenRead(new string('a', 64)));
    }

    [Fact]
    public void Rejections_speak_Vietnamese_by_default_and_English_when_asked()
    {
        var rejection = new AttachmentRejection(AttachmentRejectionReason.TooLarge, 10 * 1024 * 1024);

        Assert.Equal("Tệp quá lớn. Dung lượng tối đa cho mỗi tệp là 10 MB.", rejection.Message(CultureInfo.GetCultureInfo("vi-VN")));
        Assert.Equal("The file is too large. Each file may be at most 10 MB.", rejection.Message(CultureInfo.GetCultureInfo("en-GB")));
        Assert.Contains("chương trình", new AttachmentRejection(AttachmentRejectionReason.Executable).Message(CultureInfo.GetCultureInfo("vi-VN")), StringComparison.Ordinal);
    }

    private Task<AttachmentSaveResult> SaveAsync(byte[] bytes, string name) =>
        _store.SaveAsync(new MemoryStream(bytes), name, 0, CancellationToken.None);

    private void AssertNothingStored() =>
        Assert.Empty(Directory.Exists(_root) ? Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories) : []);

    private static byte[] Sample(string name) =>
        (byte[])typeof(FileSamples).GetProperty(name)!.GetValue(null)!;
}
