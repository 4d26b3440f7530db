using System.Buffers.Binary;

namespace Services.Workflows.Journal;

/// <summary>One journal entry as a checkpoint seals it: which instance, which entry, and the entry's hash.</summary>
public readonly record struct SealedLeaf(Guid InstanceId, int Seq, string EntryHash)
{
    public const int Size = 16 + 4 + 32;

    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        Write(bytes);
        return bytes;
    }

    public byte[] Hash() => MerkleTree.LeafHash(ToBytes());

    public static byte[] Pack(IReadOnlyList<SealedLeaf> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        var bytes = new byte[leaves.Count * Size];
        for (var i = 0; i < leaves.Count; i++)
        {
            leaves[i].Write(bytes.AsSpan(i * Size, Size));
        }

        return bytes;
    }

    public static IReadOnlyList<SealedLeaf> Unpack(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length % Size != 0)
        {
            throw new FormatException($"Sealed leaves are {Size} bytes each; {bytes.Length} bytes is not a whole number of them.");
        }

        var leaves = new SealedLeaf[bytes.Length / Size];
        for (var i = 0; i < leaves.Length; i++)
        {
            var leaf = bytes.AsSpan(i * Size, Size);
            leaves[i] = new SealedLeaf(new Guid(leaf[..16], bigEndian: true), BinaryPrimitives.ReadInt32BigEndian(leaf[16..20]),
                Convert.ToHexStringLower(leaf[20..]));
        }

        return leaves;
    }

    public static string Root(IReadOnlyList<SealedLeaf> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        return Convert.ToHexStringLower(MerkleTree.Root(leaves.Select(l => l.Hash()).ToList()));
    }

    private void Write(Span<byte> target)
    {
        InstanceId.TryWriteBytes(target[..16], bigEndian: true, out _);
        BinaryPrimitives.WriteInt32BigEndian(target[16..20], Seq);
        Convert.FromHexString(EntryHash).CopyTo(target[20..]);
    }
}
