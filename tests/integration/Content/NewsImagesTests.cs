using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using ImageMagick;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Data.Content;
using Services.Data.Identity;
using Services.Tests.Integration.Catalogue;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Integration.Security;
using Services.Tests.Samples;
using Services.Web.Content;
using Services.Web.Security;
using Services.Workflows.Content;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Content;

/// <summary>
/// News images (ADR 0031) with the real Magick.NET: a generated photo carrying EXIF and GPS data is decoded, stripped
/// and stored at page and thumbnail widths; hostile files (not an image, a renamed one, a decompression bomb, too
/// large) are refused; over HTTP an editor attaches an image with its alternative text (required, in Vietnamese), it
/// travels with the item's versions and approval, and the public page serves it only once published.
/// </summary>
public sealed partial class NewsImagesTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string School = "th-le-loi";

    [Fact]
    public void APhotoIsDecodedStrippedOfItsMetadataAndStoredAtBothWidths()
    {
        var photo = Photo(2400, 1600, MagickFormat.Jpeg);
        using (var original = new MagickImage(photo))
        {
            // The input really carries what must go: the camera's EXIF with a GPS position.
            Assert.NotNull(original.GetExifProfile()?.GetValue(ExifTag.GPSLatitudeRef));
        }

        var (image, problem) = NewsImages.Prepare(photo);
        Assert.Null(problem);
        Assert.NotNull(image);
        Assert.Equal("image/webp", image.ContentType);
        Assert.Equal((1200, 800, 400, 267), (image.Width, image.Height, image.ThumbnailWidth, image.ThumbnailHeight));
        foreach (var (bytes, width, height) in new[] { (image.Large, 1200, 800), (image.Thumbnail, 400, 267) })
        {
            using var stored = new MagickImage(bytes);
            Assert.Equal(MagickFormat.WebP, stored.Format);
            Assert.Equal(((uint)width, (uint)height), (stored.Width, stored.Height));
            Assert.Null(stored.GetExifProfile());
            Assert.Null(stored.GetXmpProfile());
            Assert.Empty(stored.ProfileNames);
        }

        // A small PNG is kept at its size, never enlarged.
        var (small, _) = NewsImages.Prepare(Photo(300, 200, MagickFormat.Png));
        Assert.Equal((300, 200, 300, 200), (small!.Width, small.Height, small.ThumbnailWidth, small.ThumbnailHeight));
    }

    public static TheoryData<string, byte[], string> Hostile => new()
    {
        { "text", "Xin chào, đây không phải ảnh."u8.ToArray(), "Content.Image.NotImage" },
        { "JPEG signature, then garbage", [0xFF, 0xD8, 0xFF, 0xE0, .. "không phải dữ liệu ảnh JPEG"u8.ToArray()], "Content.Image.NotImage" },
        { "GIF", Photo(40, 40, MagickFormat.Gif), "Content.Image.NotImage" },
        { "SVG", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><script>alert(1)</script></svg>"u8.ToArray(), "Content.Image.NotImage" },
        { "bomb: 30000 × 30000 announced", Bomb(30_000, 30_000), "Content.Image.TooManyPixels" },
        { "bomb: 7000 × 7000 (each side allowed, the area not)", Bomb(7_000, 7_000), "Content.Image.TooManyPixels" },
        { "over 5 MB", [.. Photo(40, 40, MagickFormat.Png), .. new byte[NewsImages.MaxBytes]], "Content.Image.TooLarge" },
        { "empty", [], "Content.Image.NotImage" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void AHostileFileIsRefusedWithItsReason(string what, byte[] file, string reason)
    {
        var (image, problem) = NewsImages.Prepare(file);
        Assert.Null(image);
        Assert.True(problem == reason, $"{what}: {problem}");
    }

    [Fact]
    public async Task AnEditorsImageTravelsWithTheItemAndIsServedOnceItIsPublished()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 9, 7, 8, 0, 0, TimeSpan.FromHours(7)));
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString, replaceServices: s => s.AddSingleton<TimeProvider>(clock), configure: builder =>
        {
            builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
            builder.Services.Configure<AuthenticationOptions>(o => o.DefaultAuthenticateScheme = HeaderAuthentication.SchemeName);
        });
        await portal.SeedDemoCityAsync();
        await using var db = database.CreateContext();
        var school = await db.Units.AsNoTracking().SingleAsync(u => u.Slug == School);
        var editor = portal.NewClient();
        editor.DefaultRequestHeaders.Add(HeaderAuthentication.Header, PortalClaims.MembershipValue(school.Id, PortalRole.Editor));
        const string create = $"/quan-tri/{School}/noi-dung/moi";

        // Refused, with the reason in Vietnamese, and nothing stored: a renamed text file, then a good image without its description.
        var notImage = await PostAsync(editor, create, Fields("Ảnh lớp 1A"), "Đây là văn bản"u8.ToArray(), "anh.jpg");
        Assert.Contains("không phải ảnh JPEG, PNG hoặc WebP hợp lệ", notImage, StringComparison.Ordinal);
        var noAlt = await PostAsync(editor, create, Fields(""), Photo(1600, 900, MagickFormat.Jpeg), "anh.jpg");
        Assert.Contains("Vui lòng nhập mô tả ảnh", noAlt, StringComparison.Ordinal);
        Assert.False(await db.ContentItems.AnyAsync(i => i.UnitId == school.Id && i.Title == "Khai giảng năm học mới"));

        using (var saved = await editor.PostAsync($"{create}?handler=Save", await FormAsync(editor, create, Fields("Học sinh lớp 1A chào cờ ngày khai giảng"),
                   Photo(1600, 900, MagickFormat.Jpeg), "khai-giang.jpg")))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        var item = await db.ContentItems.AsNoTracking().SingleAsync(i => i.UnitId == school.Id && i.Title == "Khai giảng năm học mới");
        Assert.Equal(("Học sinh lớp 1A chào cờ ngày khai giảng", 1200, 675, 400, 225),
            (item.ImageAlt, item.ImageWidth, item.ImageHeight, item.ThumbnailWidth, item.ThumbnailHeight));
        var version = await db.ContentVersions.AsNoTracking().SingleAsync(v => v.ItemId == item.Id);
        Assert.Equal("Học sinh lớp 1A chào cờ ngày khai giảng", version.ImageAlt);
        Assert.Contains("đính kèm ảnh", version.Note, StringComparison.Ordinal);

        // A draft's image is the editorial board's only; the public address does not serve it.
        using (var draft = await portal.NewClient().GetAsync($"/{School}/tin-tuc/anh/{item.Id}/lon"))
        {
            Assert.Equal(HttpStatusCode.NotFound, draft.StatusCode);
        }

        using (var preview = await editor.GetAsync($"/quan-tri/{School}/noi-dung/{item.Id}/anh"))
        {
            Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
            Assert.Equal("image/webp", preview.Content.Headers.ContentType?.MediaType);
        }

        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var editorial = scope.ServiceProvider.GetRequiredService<Editorial>();
            var tracked = await scope.ServiceProvider.GetRequiredService<Services.Data.PortalDbContext>().ContentItems.SingleAsync(i => i.Id == item.Id);
            await editorial.SubmitAsync(tracked, new Actor(Guid.NewGuid(), PortalRole.Editor, school.Id, null, "Biên tập"), CancellationToken.None);
            await editorial.ApproveAsync(tracked, null, new Actor(Guid.NewGuid(), PortalRole.Approver, school.Id, null, "Hiệu trưởng"), CancellationToken.None);
            clock.Advance(TimeSpan.FromMinutes(1));
            var timers = portal.Services.GetRequiredService<TimerWorker>();
            while (await timers.RunOnceAsync(CancellationToken.None) > 0)
            {
            }
        }

        var html = WebUtility.HtmlDecode(await portal.NewClient().GetStringAsync($"/{School}/tin-tuc/{item.Slug}"));
        var img = ArticleImage().Match(html);
        Assert.True(img.Success, "the article shows no image");
        Assert.Contains("alt=\"Học sinh lớp 1A chào cờ ngày khai giảng\"", img.Value, StringComparison.Ordinal);
        Assert.Contains("width=\"1200\" height=\"675\"", img.Value, StringComparison.Ordinal);
        Assert.Matches("srcset=\"[^\"]+/nho\\?v=\\d+ 400w, [^\"]+/lon\\?v=\\d+ 1200w\"", img.Value);
        Assert.Contains("alt=\"Học sinh lớp 1A chào cờ ngày khai giảng\" width=\"400\" height=\"225\"",
            WebUtility.HtmlDecode(await portal.NewClient().GetStringAsync($"/{School}/tin-tuc")), StringComparison.Ordinal);

        foreach (var (size, width) in new[] { ("lon", 1200u), ("nho", 400u) })
        {
            using var response = await portal.NewClient().GetAsync($"/{School}/tin-tuc/anh/{item.Id}/{size}?v=1");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/webp", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(TimeSpan.FromDays(365), response.Headers.CacheControl?.MaxAge);
            Assert.True(response.Headers.CacheControl?.Public);
            using var served = new MagickImage(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(width, served.Width);
            Assert.Null(served.GetExifProfile());
        }

        // Another unit's address does not serve this unit's image.
        using var elsewhere = await portal.NewClient().GetAsync($"/th-nguyen-binh-khiem/tin-tuc/anh/{item.Id}/lon");
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }

    private static Dictionary<string, string> Fields(string alt) => new()
    {
        ["loai"] = "News", ["tieu-de"] = "Khai giảng năm học mới", ["chuyen-muc"] = "su-kien", ["tom-tat"] = "Lễ khai giảng năm học mới.",
        ["noi-dung"] = "Sáng nay trường tổ chức lễ khai giảng.", ["anh-mo-ta"] = alt,
    };

    /// <summary>Posts the form and returns the refusal page's text (asserting it is a refusal).</summary>
    private static async Task<string> PostAsync(HttpClient client, string path, Dictionary<string, string> fields, byte[] file, string name)
    {
        using var response = await client.PostAsync($"{path}?handler=Save", await FormAsync(client, path, fields, file, name));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static async Task<MultipartFormDataContent> FormAsync(HttpClient client, string path, Dictionary<string, string> fields, byte[] file, string name)
    {
        var page = await client.GetStringAsync($"{path}?loai=News");
        var token = TokenPattern().Match(page).Groups[1].Value;
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (field, value) in fields)
        {
            form.Add(new StringContent(value), field);
        }

        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(content, "anh", name);
        return form;
    }

    /// <summary>A generated photo: a gradient with text, carrying a camera's EXIF block with a GPS position.</summary>
    private static byte[] Photo(int width, int height, MagickFormat format)
    {
        using var image = new MagickImage("gradient:#1b5e20-#c8e6c9", new MagickReadSettings { Width = (uint)width, Height = (uint)height });
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Make, "Máy ảnh thử");
        exif.SetValue(ExifTag.GPSLatitudeRef, "N");
        exif.SetValue(ExifTag.GPSLatitude, [new Rational(10, 1), new Rational(46, 1), new Rational(0, 1)]);
        image.SetProfile(exif);
        image.Format = format;
        return image.ToByteArray();
    }

    /// <summary>A real 1 × 1 PNG whose header announces the given size (its CRC recomputed): decoding it would claim that many pixels.</summary>
    private static byte[] Bomb(int width, int height)
    {
        using var image = new MagickImage(MagickColors.White, 1, 1) { Format = MagickFormat.Png };
        var bytes = image.ToByteArray();
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(20), (uint)height);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(29), Crc32(bytes.AsSpan(12, 17)));
        return bytes;
    }

    /// <summary>The PNG chunk CRC (ISO 3309, reflected polynomial 0xEDB88320).</summary>
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<figure class=\"news-image\" id=\"news-image\">\\s*<img [^>]+>")]
    private static partial Regex ArticleImage();
}
