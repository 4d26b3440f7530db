using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Services.Workflows.Dossiers;

/// <summary>
/// A dossier's tracking code (mã hồ sơ), e.g. <c>HS-26-7K3M-9QX2</c>: a prefix, the two-digit year, seven random
/// characters and one check character. The characters come from a 31-symbol alphabet without the look-alikes
/// 0/O, 1/I/L, so a code read aloud or copied from paper survives; the random part comes from a CSPRNG, so codes
/// reveal nothing about volume or order and cannot be enumerated (31^7 ≈ 2.7·10^10 per prefix and year).
/// </summary>
/// <remarks>
/// The check is a weighted sum modulo 31 over the year digits and the eight body characters with weights 1…10.
/// Because 31 is prime and every weight (and every difference of neighbouring weights) is non-zero modulo 31,
/// it detects every single-character substitution and every transposition of two adjacent characters.
/// </remarks>
public readonly record struct TrackingCode
{
    /// <summary>The 31 symbols: digits 2–9 and the letters without I, L and O.</summary>
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    public const string DefaultPrefix = "HS";
    private const int Modulus = 31;
    private const int BodyLength = 8;
    private const int MaxPrefixLength = 4;

    private TrackingCode(string prefix, int year, string body)
    {
        Prefix = prefix;
        Year = year;
        Body = body;
    }

    /// <summary>Upper-case ASCII letters, 1–4 of them (e.g. <c>HS</c>).</summary>
    public string Prefix { get; }

    /// <summary>The year modulo 100.</summary>
    public int Year { get; }

    /// <summary>Seven random characters followed by the check character.</summary>
    public string Body { get; }

    /// <summary>A fresh random code for a dossier received at <paramref name="receivedAt"/>.</summary>
    public static TrackingCode New(DateTimeOffset receivedAt, string prefix = DefaultPrefix)
    {
        if (!IsValidPrefix(prefix))
        {
            throw new ArgumentException("The prefix must be 1–4 upper-case ASCII letters.", nameof(prefix));
        }

        var year = Runtime.WorkingCalendar.LocalDate(receivedAt).Year % 100; // the year on the receipt: Vietnam's, not UTC's
        Span<char> body = stackalloc char[BodyLength];
        for (var i = 0; i < BodyLength - 1; i++)
        {
            // GetInt32 rejects out-of-range draws, so every symbol is equally likely (no modulo bias).
            body[i] = Alphabet[RandomNumberGenerator.GetInt32(Modulus)];
        }

        body[BodyLength - 1] = CheckCharacter(year, body[..(BodyLength - 1)]);
        return new TrackingCode(prefix, year, new string(body));
    }

    /// <summary>
    /// Reads a code as people type it: any case, with or without dashes and spaces. False when the shape is wrong,
    /// a character is outside the alphabet, or the check character does not match.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? input, out TrackingCode code)
    {
        code = default;
        var compact = Compact(input);
        if (compact is null)
        {
            return false;
        }

        var prefixLength = 0;
        while (prefixLength < compact.Length && compact[prefixLength] is >= 'A' and <= 'Z')
        {
            prefixLength++;
        }

        if (prefixLength is 0 or > MaxPrefixLength || compact.Length != prefixLength + 2 + BodyLength)
        {
            return false;
        }

        var yearText = compact.AsSpan(prefixLength, 2);
        if (!char.IsAsciiDigit(yearText[0]) || !char.IsAsciiDigit(yearText[1]))
        {
            return false;
        }

        var body = compact.AsSpan(prefixLength + 2);
        foreach (var c in body)
        {
            if (Alphabet.IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return false;
            }
        }

        var year = ((yearText[0] - '0') * 10) + (yearText[1] - '0');
        if (WeightedSum(year, body) % Modulus != 0)
        {
            return false;
        }

        code = new TrackingCode(compact[..prefixLength], year, body.ToString());
        return true;
    }

    /// <summary>The canonical form (<c>HS-26-7K3M-9QX2</c>) of a valid code as typed, else null.</summary>
    public static string? Normalize(string? input) => TryParse(input, out var code) ? code.ToString() : null;

    /// <summary>The canonical form, e.g. <c>HS-26-7K3M-9QX2</c>; empty for <c>default</c>, which is no code at all.</summary>
    public override string ToString() => Body is null
        ? ""
        : string.Create(CultureInfo.InvariantCulture, $"{Prefix}-{Year:00}-{Body.AsSpan(0, 4)}-{Body.AsSpan(4)}");

    private static bool IsValidPrefix(string prefix) =>
        prefix.Length is > 0 and <= MaxPrefixLength && prefix.All(c => c is >= 'A' and <= 'Z');

    /// <summary>Upper case without dashes or white space; null for empty or absurdly long input.</summary>
    private static string? Compact(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 64)
        {
            return null;
        }

        var sb = new StringBuilder(input.Length);
        foreach (var c in input)
        {
            if (c == '-' || char.IsWhiteSpace(c))
            {
                continue;
            }

            sb.Append(char.ToUpperInvariant(c));
        }

        return sb.ToString();
    }

    private static char CheckCharacter(int year, ReadOnlySpan<char> payload)
    {
        // The check value v satisfies sum + 10·v ≡ 0 (mod 31); 10's inverse modulo 31 is 28 (10·28 = 280 = 9·31 + 1).
        var sum = WeightedSum(year, payload);
        var value = (Modulus - (sum % Modulus)) * 28 % Modulus;
        return Alphabet[value];
    }

    /// <summary>Σ weight·value over the year's two digits (values 0–9) and the body symbols (alphabet index), weights 1, 2, 3…</summary>
    private static int WeightedSum(int year, ReadOnlySpan<char> body)
    {
        var sum = (1 * (year / 10)) + (2 * (year % 10));
        for (var i = 0; i < body.Length; i++)
        {
            sum += (i + 3) * Alphabet.IndexOf(body[i], StringComparison.Ordinal);
        }

        return sum;
    }
}
