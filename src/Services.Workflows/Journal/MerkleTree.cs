using System.Security.Cryptography;

namespace Services.Workflows.Journal;

/// <summary>
/// A binary Merkle tree over a list of leaves, shaped as in RFC 6962 (certificate transparency): leaves and inner
/// nodes are hashed with different prefixes (0x00, 0x01) so a leaf can never pass for a node, and a list of n leaves
/// splits at the largest power of two below n. An inclusion proof is the list of sibling hashes from the leaf up.
/// </summary>
public static class MerkleTree
{
    public static byte[] LeafHash(ReadOnlySpan<byte> leaf)
    {
        Span<byte> buffer = stackalloc byte[leaf.Length + 1];
        buffer[0] = 0x00;
        leaf.CopyTo(buffer[1..]);
        return SHA256.HashData(buffer);
    }

    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[1 + left.Length + right.Length];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + left.Length)..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>The root over leaf hashes; the empty tree's root is SHA-256 of nothing.</summary>
    public static byte[] Root(IReadOnlyList<byte[]> leafHashes)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        return leafHashes.Count == 0 ? SHA256.HashData([]) : Subtree(leafHashes, 0, leafHashes.Count);
    }

    /// <summary>The sibling hashes that lead from leaf <paramref name="index"/> to the root, lowest first.</summary>
    public static IReadOnlyList<byte[]> InclusionPath(IReadOnlyList<byte[]> leafHashes, int index)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, leafHashes.Count);
        var path = new List<byte[]>();
        var (start, count) = (0, leafHashes.Count);
        // Walk down from the root, keeping the sibling of each subtree that holds the leaf; then reverse.
        while (count > 1)
        {
            var split = Split(count);
            if (index - start < split)
            {
                path.Add(Subtree(leafHashes, start + split, count - split));
                count = split;
            }
            else
            {
                path.Add(Subtree(leafHashes, start, split));
                start += split;
                count -= split;
            }
        }

        path.Reverse();
        return path;
    }

    /// <summary>Whether <paramref name="path"/> proves leaf <paramref name="index"/> of <paramref name="count"/> under <paramref name="root"/>.</summary>
    public static bool VerifyInclusion(byte[] leafHash, int index, int count, IReadOnlyList<byte[]> path, byte[] root)
    {
        ArgumentNullException.ThrowIfNull(leafHash);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(root);
        if (index < 0 || index >= count)
        {
            return false;
        }

        // Recompute the route from the root down (which side the leaf is on at each level), then climb back up.
        var sides = new List<bool>();
        var (start, size) = (0, count);
        while (size > 1)
        {
            var split = Split(size);
            var leftSide = index - start < split;
            sides.Add(leftSide);
            if (leftSide)
            {
                size = split;
            }
            else
            {
                start += split;
                size -= split;
            }
        }

        if (sides.Count != path.Count)
        {
            return false;
        }

        var hash = leafHash;
        for (var level = 0; level < path.Count; level++)
        {
            var leafOnLeft = sides[sides.Count - 1 - level];
            hash = leafOnLeft ? NodeHash(hash, path[level]) : NodeHash(path[level], hash);
        }

        return CryptographicOperations.FixedTimeEquals(hash, root);
    }

    private static byte[] Subtree(IReadOnlyList<byte[]> leafHashes, int start, int count)
    {
        if (count == 1)
        {
            return leafHashes[start];
        }

        var split = Split(count);
        return NodeHash(Subtree(leafHashes, start, split), Subtree(leafHashes, start + split, count - split));
    }

    /// <summary>The largest power of two strictly below <paramref name="count"/> (count ≥ 2).</summary>
    private static int Split(int count)
    {
        var split = 1;
        while (split * 2 < count)
        {
            split *= 2;
        }

        return split;
    }
}
