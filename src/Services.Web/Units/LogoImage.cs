using System.Buffers.Binary;

namespace Services.Web.Units;

/// <summary>
/// Checks an uploaded logo by its bytes: a PNG or a JPEG (never what the browser claimed), small, and no larger than
/// the header shows. The portal has no image library to resize with, so a logo too large is refused, not shrunk.
/// </summary>
public static class LogoImage
{
    public const int MaxBytes = 200 * 1024;
    public const int MaxSide = 1000;

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The file's content type when it is an acceptable logo; null otherwise.</summary>
    public static string? ContentTypeOf(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length is 0 or > MaxBytes)
        {
            return null;
        }

        if (Size(bytes) is not var (width, height, type) || width is < 1 or > MaxSide || height is < 1 or > MaxSide)
        {
            return null;
        }

        return type;
    }

    private static (int Width, int Height, string Type)? Size(ReadOnlySpan<byte> bytes)
    {
        // PNG: the signature, then the IHDR chunk whose first fields are the width and height.
        if (bytes.Length >= 24 && bytes[..8].SequenceEqual(PngSignature) && bytes.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            return ((int)BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(16, 4)), (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(20, 4)), "image/png");
        }

        // JPEG: walk the segments to the first start-of-frame, which holds the height and width.
        if (bytes.Length < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8)
        {
            return null;
        }

        for (var at = 2; at + 9 < bytes.Length;)
        {
            if (bytes[at] != 0xFF)
            {
                return null;
            }

            var marker = bytes[at + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(at + 2, 2));
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return (BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(at + 7, 2)), BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(at + 5, 2)), "image/jpeg");
            }

            if (length < 2)
            {
                return null;
            }

            at += 2 + length;
        }

        return null;
    }
}
