using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Services.Workflows.Journal;
using Services.Workflows.Runtime;

namespace Services.Tests.Unit.Workflows.Journal;

public sealed class CheckpointTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 3, 4, 5, TimeSpan.Zero);

    private static JournalSigningKey Key(string? seed = null) =>
        new(Options.Create(new JournalOptions { SigningKey = seed ?? JournalSigningKey.Generate() }), new ConfigurationBuilder().Build(),
            NullLogger<JournalSigningKey>.Instance);

    [Fact]
    public void SealedLeavesPackAndUnpackUnchanged()
    {
        var leaves = new[]
        {
            new SealedLeaf(Guid.NewGuid(), 1, JournalChain.Sha256Hex("a")),
            new SealedLeaf(Guid.NewGuid(), 70000, JournalChain.Sha256Hex("b")),
        };
        var bytes = SealedLeaf.Pack(leaves);
        Assert.Equal(2 * SealedLeaf.Size, bytes.Length);
        Assert.Equal(leaves, SealedLeaf.Unpack(bytes));
    }

    [Fact]
    public void ASignatureHoldsForItsTextAndKeyOnly()
    {
        using var key = Key();
        using var other = Key();
        var hash = JournalChain.Sha256Hex("checkpoint");
        var signature = key.Sign(hash);
        Assert.True(JournalSigningKey.Verify(key.PublicKey, hash, signature));
        Assert.False(JournalSigningKey.Verify(key.PublicKey, JournalChain.Sha256Hex("another"), signature));
        Assert.False(JournalSigningKey.Verify(other.PublicKey, hash, signature));
        Assert.False(JournalSigningKey.Verify(key.PublicKey, hash, "not base64!"));
    }

    [Fact]
    public void TheSameConfiguredKeyGivesTheSamePublicKeyAndId()
    {
        var seed = JournalSigningKey.Generate();
        using var a = Key(seed);
        using var b = Key(seed);
        Assert.Equal(a.PublicKey, b.PublicKey);
        Assert.Equal(16, a.KeyId.Length);
        Assert.Equal(JournalSigningKey.IdOf(a.PublicKey), b.KeyId);
    }

    [Fact]
    public void ACheckpointsHashCoversEveryPublishedField()
    {
        var root = JournalChain.Sha256Hex("root");
        var checkpoint = new PublishedCheckpoint(3, At, 100, 200, 5, root, JournalChain.Genesis, "", "ed25519", "k", "s");
        var hash = checkpoint.ComputeHash();
        Assert.NotEqual(hash, (checkpoint with { Seq = 4 }).ComputeHash());
        Assert.NotEqual(hash, (checkpoint with { CreatedAt = At.AddSeconds(1) }).ComputeHash());
        Assert.NotEqual(hash, (checkpoint with { XactFrom = 101 }).ComputeHash());
        Assert.NotEqual(hash, (checkpoint with { XactTo = 199 }).ComputeHash());
        Assert.NotEqual(hash, (checkpoint with { Entries = 4 }).ComputeHash());
        Assert.NotEqual(hash, (checkpoint with { MerkleRoot = JournalChain.Sha256Hex("other") }).ComputeHash());
        Assert.NotEqual(hash, (checkpoint with { PrevHash = root }).ComputeHash());
        // The signature and its key are not part of what is hashed: they sign the hash.
        Assert.Equal(hash, (checkpoint with { Signature = "x", KeyId = "y" }).ComputeHash());
    }

    [Fact]
    public void AnInclusionProofChecksAgainstThePublishedCheckpointOnly()
    {
        var instance = Guid.NewGuid();
        var leaves = Enumerable.Range(1, 6).Select(i => new SealedLeaf(i % 2 == 0 ? instance : Guid.NewGuid(), i, JournalChain.Sha256Hex($"e{i}"))).ToList();
        var hashes = leaves.Select(l => l.Hash()).ToList();
        var root = SealedLeaf.Root(leaves);
        var proof = new InclusionProof(instance, 4, leaves[3].EntryHash, 2, 3, 6, MerkleTree.InclusionPath(hashes, 3).Select(Convert.ToHexStringLower).ToList(), root);
        var published = new PublishedCheckpoint(2, At, 1, 2, 6, root, JournalChain.Genesis, "h", "ed25519", "k", "s");
        Assert.True(proof.Verify(published));
        Assert.False((proof with { EntryHash = JournalChain.Sha256Hex("rewritten") }).Verify(published));
        Assert.False(proof.Verify(published with { MerkleRoot = JournalChain.Sha256Hex("forked") }));
    }
}
