using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Services.Workflows.Admissions;

/// <summary>
/// The lottery number of an applicant: the first eight bytes of SHA-256 over the published seed and the applicant's
/// key. It needs no random generator and no order of the input, so anyone holding the seed and the list of keys
/// computes the same numbers; the seed is published before the draw, so nobody can choose it after seeing the list.
/// </summary>
public static class Lottery
{
    public static ulong Number(string seed, string applicantKey)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(applicantKey);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}\n{applicantKey}"));
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }

    /// <summary>A fresh seed for a campaign: 128 random bits in hex, to be published before the draw.</summary>
    public static string NewSeed() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
