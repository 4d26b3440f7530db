using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using Services.Web.Units;

namespace Services.Tests.Unit.Units;

/// <summary>
/// The header palette keeps white text at 4.5:1 or more, with one site.css class per colour at the same value; a logo
/// is accepted only when its bytes are a small PNG or JPEG.
/// </summary>
public sealed class UnitPaletteAndLogoTests
{
    [Fact]
    public void EveryPaletteColourCarriesWhiteTextAtFourAndAHalfToOneAndHasItsClassInSiteCss()
    {
        var css = File.ReadAllText(Path.Combine(RepoRoot(), "src", "Services.Web", "wwwroot", "css", "site.css"));
        foreach (var (key, hex) in UnitPalette.Colours)
        {
            Assert.True(ContrastWithWhite(hex) >= 4.5, $"{key} ({hex}) has {ContrastWithWhite(hex):0.00}:1 against white");
            Assert.Contains($".portal-header.theme-{key} {{ background: {hex}; }}", css, StringComparison.Ordinal);
        }

        Assert.Equal("theme-xanh-duong", UnitPalette.CssClass("\" onmouseover=\"x"));
    }

    [Fact]
    public void ASmallPngOrJpegIsAcceptedByItsBytes()
    {
        Assert.Equal("image/png", LogoImage.ContentTypeOf(Png(120, 80)));
        Assert.Equal("image/jpeg", LogoImage.ContentTypeOf(Jpeg(300, 200)));
    }

    [Fact]
    public void AnythingElseIsRefused()
    {
        Assert.Null(LogoImage.ContentTypeOf("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"u8));
        Assert.Null(LogoImage.ContentTypeOf("GIF89a"u8));
        Assert.Null(LogoImage.ContentTypeOf(Png(LogoImage.MaxSide + 1, 10)));
        Assert.Null(LogoImage.ContentTypeOf(Jpeg(10, LogoImage.MaxSide + 1)));
        Assert.Null(LogoImage.ContentTypeOf(Png(0, 10)));
        Assert.Null(LogoImage.ContentTypeOf([.. Png(10, 10), .. new byte[LogoImage.MaxBytes]]));
        Assert.Null(LogoImage.ContentTypeOf(Png(10, 10).AsSpan(0, 20)));
        Assert.Null(LogoImage.ContentTypeOf([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01, 0, 0, 0, 0, 0, 0]));
    }

    /// <summary>The signature and IHDR header of a PNG (all the check reads).</summary>
    internal static byte[] Png(int width, int height)
    {
        var bytes = new byte[33];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }.CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(20), (uint)height);
        return bytes;
    }

    /// <summary>Start of image, an APP0 segment, then a baseline start-of-frame with the size.</summary>
    private static byte[] Jpeg(int width, int height)
    {
        byte[] bytes = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x4A, 0x46, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0, 0, 0, 0, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xD9];
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(13), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(15), (ushort)width);
        return bytes;
    }

    private static double ContrastWithWhite(string hex)
    {
        double Channel(int at)
        {
            var c = int.Parse(hex.AsSpan(at, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        var luminance = (0.2126 * Channel(1)) + (0.7152 * Channel(3)) + (0.0722 * Channel(5));
        return 1.05 / (luminance + 0.05);
    }

    private static string RepoRoot([CallerFilePath] string here = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));
}
