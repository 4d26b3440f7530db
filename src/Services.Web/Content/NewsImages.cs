using ImageMagick;
using Services.Workflows.Content;

namespace Services.Web.Content;

/// <summary>
/// Prepares an uploaded news image with Magick.NET (ADR 0031): accepted only when its bytes start as a JPEG, PNG or WebP
/// and decode as that format (the file name and the browser's claimed type are ignored); refused before decoding when
/// its header announces more pixels than a page needs (a decompression bomb), with ImageMagick's own resource limits
/// (area, memory) behind that check; turned upright, stripped of every profile (EXIF, GPS, XMP, ICC) and re-encoded as WebP at a
/// page width and a thumbnail width.
/// </summary>
public static class NewsImages
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxSide = 8000;
    public const int MaxPixels = 40_000_000;
    public const int LargeWidth = 1200;
    public const int ThumbnailWidth = 400;
    public const string ContentType = "image/webp";

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    static NewsImages()
    {
        // Behind the header check: no decode may hold more pixels or memory than this (per-side limits would make the
        // header read itself fail, and the visitor would be told "not an image" instead of "too many pixels").
        ResourceLimits.Area = MaxPixels;
        ResourceLimits.Memory = 512UL * 1024 * 1024;
    }

    /// <summary>The stored variants, or the resource key of the Vietnamese message saying why the file is refused.</summary>
    public static (PreparedImage? Image, string? Problem) Prepare(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length > MaxBytes)
        {
            return (null, "Content.Image.TooLarge");
        }

        if (FormatOf(bytes) is not { } format)
        {
            return (null, "Content.Image.NotImage");
        }

        var settings = new MagickReadSettings { Format = format };
        try
        {
            var header = new MagickImageInfo(bytes, settings);
            if (header.Width is 0 or > MaxSide || header.Height is 0 or > MaxSide || (ulong)header.Width * header.Height > MaxPixels)
            {
                return (null, "Content.Image.TooManyPixels");
            }

            using var image = new MagickImage(bytes, settings);
            image.AutoOrient();
            image.Strip();
            var (large, width, height) = Encode(image, LargeWidth);
            var (thumbnail, thumbnailWidth, thumbnailHeight) = Encode(image, ThumbnailWidth);
            return (new PreparedImage(ContentType, large, width, height, thumbnail, thumbnailWidth, thumbnailHeight), null);
        }
        catch (MagickResourceLimitErrorException)
        {
            return (null, "Content.Image.TooManyPixels");
        }
        catch (MagickException)
        {
            return (null, "Content.Image.NotImage");
        }
    }

    /// <summary>The format announced by the file's first bytes, when it is one a news image may be.</summary>
    private static MagickFormat? FormatOf(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
        {
            return MagickFormat.Jpeg;
        }

        if (bytes.Length >= 8 && bytes[..8].SequenceEqual(PngSignature))
        {
            return MagickFormat.Png;
        }

        return bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes.Slice(8, 4).SequenceEqual("WEBP"u8) ? MagickFormat.WebP : null;
    }

    /// <summary>The image no wider than <paramref name="maxWidth"/> (never enlarged), as WebP, with its size.</summary>
    private static (byte[] Bytes, int Width, int Height) Encode(MagickImage image, int maxWidth)
    {
        using var copy = image.Clone();
        if (copy.Width > maxWidth)
        {
            copy.Resize(new MagickGeometry((uint)maxWidth, 0));
        }

        copy.Strip();
        copy.Quality = 82;
        copy.Format = MagickFormat.WebP;
        return (copy.ToByteArray(), (int)copy.Width, (int)copy.Height);
    }
}
