using System.Security.Cryptography;
using Services.Workflows.Journal;

namespace Services.Tests.Unit.Workflows.Journal;

public sealed class MerkleTreeTests
{
    private static List<byte[]> Leaves(int count) =>
        Enumerable.Range(0, count).Select(i => MerkleTree.LeafHash(BitConverter.GetBytes(i))).ToList();

    [Fact]
    public void TheRootOfTwoLeavesIsTheirNodeHashAndOfOneLeafTheLeafItself()
    {
        var leaves = Leaves(2);
        var expected = SHA256.HashData([0x01, .. leaves[0], .. leaves[1]]);
        Assert.Equal(expected, MerkleTree.Root(leaves));
        Assert.Equal(leaves[0], MerkleTree.Root(Leaves(1)));
    }

    [Fact]
    public void ALeafIsHashedWithAPrefixSoItCannotPassForANode()
    {
        byte[] data = [1, 2, 3];
        Assert.Equal(SHA256.HashData([0x00, 1, 2, 3]), MerkleTree.LeafHash(data));
        Assert.NotEqual(SHA256.HashData(data), MerkleTree.LeafHash(data));
    }

    [Fact]
    public void ThreeLeavesSplitAtTwoAsInCertificateTransparency()
    {
        var l = Leaves(3);
        Assert.Equal(MerkleTree.NodeHash(MerkleTree.NodeHash(l[0], l[1]), l[2]), MerkleTree.Root(l));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(17)]
    public void EveryLeafHasAProofThatLeadsToTheRoot(int count)
    {
        var leaves = Leaves(count);
        var root = MerkleTree.Root(leaves);
        for (var i = 0; i < count; i++)
        {
            var path = MerkleTree.InclusionPath(leaves, i);
            Assert.True(MerkleTree.VerifyInclusion(leaves[i], i, count, path, root), $"leaf {i} of {count}");
        }
    }

    [Fact]
    public void AProofFailsForAnotherLeafAnotherPositionOrAnotherRoot()
    {
        var leaves = Leaves(7);
        var root = MerkleTree.Root(leaves);
        var path = MerkleTree.InclusionPath(leaves, 4);
        Assert.True(MerkleTree.VerifyInclusion(leaves[4], 4, 7, path, root));
        Assert.False(MerkleTree.VerifyInclusion(leaves[3], 4, 7, path, root));
        Assert.False(MerkleTree.VerifyInclusion(leaves[4], 5, 7, path, root));
        // A tree of another shape; the leaf count is authenticated by the checkpoint's hash, not by the path.
        Assert.False(MerkleTree.VerifyInclusion(leaves[4], 4, 5, path, root));
        Assert.False(MerkleTree.VerifyInclusion(leaves[4], 4, 7, path, MerkleTree.Root(Leaves(6))));
    }

    [Fact]
    public void RemovingOrChangingAnyLeafChangesTheRoot()
    {
        var leaves = Leaves(9);
        var root = MerkleTree.Root(leaves);
        Assert.NotEqual(root, MerkleTree.Root(leaves.Take(8).ToList()));
        Assert.NotEqual(root, MerkleTree.Root(leaves.Where((_, i) => i != 4).ToList()));
        var changed = leaves.ToList();
        changed[6] = MerkleTree.LeafHash([42]);
        Assert.NotEqual(root, MerkleTree.Root(changed));
    }
}
