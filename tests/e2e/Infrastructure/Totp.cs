using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Services.Tests.E2e.Infrastructure;

/// <summary>
/// The test's own RFC 6238 code generator — what a phone's authenticator app does with the key the set-up page shows.
/// Written independently of the app's code so a shared mistake cannot make both sides agree.
/// </summary>
public static class Totp
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string Code(string base32Key, DateTimeOffset at)
    {
        var key = Decode(base32Key);
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, at.ToUnixTimeSeconds() / 30);
#pragma warning disable CA5350 // Authenticator apps use HMAC-SHA1 (RFC 6238 default); the test must do the same.
        var hash = HMACSHA1.HashData(key, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var value = BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset, 4)) & 0x7fffffff;
        return (value % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    private static byte[] Decode(string base32)
    {
        var bits = 0;
        var buffer = 0;
        var bytes = new List<byte>();
        foreach (var c in base32.ToUpperInvariant())
        {
            var index = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (index < 0)
            {
                continue; // spaces and '=' padding
            }

            buffer = (buffer << 5) | index;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)((buffer >> bits) & 0xff));
            }
        }

        return [.. bytes];
    }
}
