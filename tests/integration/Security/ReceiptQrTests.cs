using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Services.Tests.Integration.Infrastructure;
using Services.Web.Security;
using ZXing;
using ZXing.Common;

namespace Services.Tests.Integration.Security;

/// <summary>
/// Finding 11: the receipt's QR code carries a signed token leading to the verification page — not the plain tracking
/// code — and keeps the visitor's language; an altered token is refused. The QR code is read from the rendered PDF
/// as a phone would read it (poppler draws the page, ZXing decodes it).
/// </summary>
public sealed class ReceiptQrTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const string Apply = "/th-nguyen-binh-khiem/dich-vu/giay-xac-nhan-hoc-sinh";
    private RunningPortal _portal = null!;

    public async Task InitializeAsync()
    {
        _portal = await RunningPortal.StartAsync(database.ConnectionString);
        await _portal.SeedDemoCityAsync();
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Theory]
    [InlineData("", "Xác minh giấy biên nhận")]
    [InlineData("/en", "Receipt verification")]
    public async Task TheReceiptQrCodeLeadsToTheVerificationPageWithASignedToken(string language, string heading)
    {
        var (code, pdf) = await ApplyAndDownloadReceiptAsync(language);

        var scanned = await ReadQrCodeAsync(pdf);
        Assert.StartsWith($"{RunningPortal.PublicBaseUrl}{language}/xac-minh/", scanned, StringComparison.Ordinal);
        Assert.DoesNotContain(code, scanned, StringComparison.Ordinal);

        using var visitor = new Visitor(_portal);
        using var page = await visitor.GetAsync(new Uri(scanned).AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains(heading, html, StringComparison.Ordinal);
        Assert.Contains(code, html, StringComparison.Ordinal);
        Assert.Contains("N. T. L.", html, StringComparison.Ordinal); // the applicant, masked
        Assert.DoesNotContain("Nguyễn Thị Lan", html, StringComparison.Ordinal);
        Assert.Equal("no-store", page.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task AnAlteredTokenIsNotFound()
    {
        var (_, pdf) = await ApplyAndDownloadReceiptAsync("");
        var path = new Uri(await ReadQrCodeAsync(pdf)).AbsolutePath;
        var token = path[(path.LastIndexOf('/') + 1)..];
        using var visitor = new Visitor(_portal);

        foreach (var position in new[] { 0, 1, 10, 21, 30, 43 })
        {
            var altered = token[..position] + (token[position] == 'A' ? 'B' : 'A') + token[(position + 1)..];
            using var refused = await visitor.GetAsync($"/xac-minh/{altered}");
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }

        using var truncated = await visitor.GetAsync($"/xac-minh/{token[..^1]}");
        Assert.Equal(HttpStatusCode.NotFound, truncated.StatusCode);
        using var genuine = await visitor.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
    }

    [Fact]
    public void ATokenMadeWithAnotherKeyOrForAnotherIdDoesNotRead()
    {
        var ours = _portal.Services.GetRequiredService<VerificationTokens>();
        var links = _portal.Services.GetRequiredService<PublicLinks>();
        var theirs = new VerificationTokens(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [VerificationTokens.KeySetting] = Convert.ToBase64String(new byte[32]),
        }).Build(), links, NullLogger<VerificationTokens>.Instance);
        var id = Guid.CreateVersion7();

        Assert.Equal(id, ours.Read(VerifiedDocument.Receipt, ours.Issue(VerifiedDocument.Receipt, id)));
        Assert.Null(ours.Read(VerifiedDocument.Receipt, theirs.Issue(VerifiedDocument.Receipt, id)));
        Assert.Null(ours.Read(VerifiedDocument.Receipt, id.ToString()));
        Assert.Null(ours.Read(VerifiedDocument.Receipt, null));
        // Every other id signs differently: a token cannot be re-pointed by editing its id bytes.
        Assert.NotEqual(ours.Issue(VerifiedDocument.Receipt, id)[24..], ours.Issue(VerifiedDocument.Receipt, Guid.CreateVersion7())[24..]);
    }

    private async Task<(string Code, byte[] Pdf)> ApplyAndDownloadReceiptAsync(string language)
    {
        using var visitor = new Visitor(_portal);
        var key = Guid.NewGuid().ToString();
        var fields = new Dictionary<string, string>
        {
            ["khoa"] = key,
            ["a.nguoi-nop-ho-ten"] = "Nguyễn Thị Lan",
            ["a.nguoi-nop-ngay-sinh"] = "1988-04-12",
            ["a.nguoi-nop-dien-thoai"] = "0903123456",
            ["a.hoc-sinh-ho-ten"] = "Trần Minh Khôi",
            ["a.hoc-sinh-ngay-sinh"] = "2018-05-02",
            ["a.hoc-sinh-lop"] = "3A2",
            ["a.muc-dich"] = "Bổ sung hồ sơ học bổng",
        };
        using var submitted = await visitor.PostFormAsync(language + Apply, fields);
        var html = await submitted.Content.ReadAsStringAsync();
        Assert.True(submitted.StatusCode == HttpStatusCode.OK, html);
        var code = System.Text.RegularExpressions.Regex.Match(html, "id=\"tracking-code\">([^<]+)<").Groups[1].Value;
        Assert.NotEmpty(code);

        using var receipt = await visitor.PostFormAsync(language + Apply, new Dictionary<string, string> { ["khoa"] = key }, $"{language}{Apply}?handler=Receipt");
        Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);
        Assert.Equal("application/pdf", receipt.Content.Headers.ContentType?.MediaType);
        return (code, await receipt.Content.ReadAsByteArrayAsync());
    }

    /// <summary>Draws the first page in grey at 200 dpi with poppler and decodes the one QR code on it.</summary>
    private static async Task<string> ReadQrCodeAsync(byte[] pdf)
    {
        var folder = Directory.CreateTempSubdirectory("receipt-qr-").FullName;
        try
        {
            var input = Path.Combine(folder, "receipt.pdf");
            await File.WriteAllBytesAsync(input, pdf);
            var start = new ProcessStartInfo("pdftoppm", ["-gray", "-r", "200", "-f", "1", "-l", "1", "-singlefile", input, Path.Combine(folder, "page")])
            {
                RedirectStandardError = true,
            };
            using (var process = Process.Start(start)!)
            {
                await process.WaitForExitAsync();
                Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
            }

            var (width, height, pixels) = ReadPgm(await File.ReadAllBytesAsync(Path.Combine(folder, "page.pgm")));
            var reader = new BarcodeReaderGeneric
            {
                Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true },
            };
            var result = reader.Decode(new RGBLuminanceSource(pixels, width, height, RGBLuminanceSource.BitmapFormat.Gray8));
            Assert.NotNull(result);
            return result.Text;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A binary PGM ("P5"): header of magic, width, height and maximum, then one byte per pixel.</summary>
    private static (int Width, int Height, byte[] Pixels) ReadPgm(byte[] file)
    {
        var fields = new List<string>();
        var position = 0;
        while (fields.Count < 4)
        {
            while (char.IsWhiteSpace((char)file[position]))
            {
                position++;
            }

            var begin = position;
            while (!char.IsWhiteSpace((char)file[position]))
            {
                position++;
            }

            fields.Add(System.Text.Encoding.ASCII.GetString(file, begin, position - begin));
        }

        Assert.Equal("P5", fields[0]);
        int width = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), height = int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture);
        return (width, height, file[(position + 1)..(position + 1 + (width * height))]);
    }
}
