using System.Security.Cryptography;
using System.Text;
using Services.Data.Workflows;
using Services.Workflows.Runtime;

namespace Services.Tests.Unit.Workflows;

public sealed class JournalChainTests
{
    private static readonly Guid Instance = Guid.Parse("0195f0a0-0000-7000-8000-000000000001");
    private static readonly DateTimeOffset At = new(2026, 11, 21, 1, 2, 3, TimeSpan.Zero);

    private static JournalFields Fields(int seq, string action = "approve") =>
        new(Instance, seq, $"e{seq}", action, Guid.Empty, "Trần Thị Bình", "Staff", Guid.Empty, "10.0.0.1", "review", "approved",
            """{"lastComment":"Đủ hồ sơ"}""", JournalChain.Sha256Hex("""{"lastComment":"Đủ hồ sơ"}"""), At.AddTicks(1234567));

    [Fact]
    public void HashIsSha256OfTheCanonicalEntryFollowedByThePreviousHash()
    {
        var fields = Fields(1);
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JournalChain.Canonical(fields) + "\n" + JournalChain.Genesis)));
        Assert.Equal(expected, JournalChain.Hash(fields, JournalChain.Genesis));
        Assert.Equal(64, expected.Length);
    }

    [Fact]
    public void ThePayloadItselfIsHashedSoChangingTheCommentBreaksTheEntry()
    {
        var original = JournalChain.Hash(Fields(1), JournalChain.Genesis);
        var edited = Fields(1) with { Payload = """{"lastComment":"Thiếu hồ sơ"}""" };
        Assert.NotEqual(original, JournalChain.Hash(edited, JournalChain.Genesis));
    }

    [Fact]
    public void DroppingThePayloadCannotPassAnEntryOffAsAnOldOne()
    {
        // Same digest, payload removed: the entry now reads as "v1", and the version line is part of the hash.
        var original = JournalChain.Hash(Fields(1), JournalChain.Genesis);
        Assert.NotEqual(original, JournalChain.Hash(Fields(1) with { Payload = null }, JournalChain.Genesis));
        Assert.StartsWith("v2\n", JournalChain.Canonical(Fields(1)), StringComparison.Ordinal);
    }

    [Fact]
    public void AStoredDigestThatNoLongerMatchesThePayloadIsReported()
    {
        var chain = Chain(2);
        chain[1].PayloadSha256 = JournalChain.Sha256Hex("{}");
        var result = JournalVerifier.Verify(chain);
        Assert.False(result.Intact);
        Assert.Equal(2, result.BrokenSeq);
        Assert.Contains("digest", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CanonicalTextKeepsMicrosecondsLikePostgres()
    {
        Assert.EndsWith("2026-11-21T01:02:03.123456Z", JournalChain.Canonical(Fields(1)), StringComparison.Ordinal);
    }

    [Fact]
    public void ChangingAnyFieldOrThePreviousHashChangesTheHash()
    {
        var original = JournalChain.Hash(Fields(1), JournalChain.Genesis);
        Assert.NotEqual(original, JournalChain.Hash(Fields(1, "reject"), JournalChain.Genesis));
        Assert.NotEqual(original, JournalChain.Hash(Fields(1) with { ActorIp = "10.0.0.2" }, JournalChain.Genesis));
        Assert.NotEqual(original, JournalChain.Hash(Fields(1), new string('1', 64)));
    }

    [Fact]
    public void VerifierAcceptsAnIntactChain()
    {
        var result = JournalVerifier.Verify(Chain(4));
        Assert.True(result.Intact);
        Assert.Equal(4, result.Entries);
    }

    [Fact]
    public void VerifierReportsTheFirstAlteredEntry()
    {
        var chain = Chain(4);
        chain[2].Action = "approve (edited)";
        var result = JournalVerifier.Verify(chain);
        Assert.False(result.Intact);
        Assert.Equal(3, result.BrokenSeq);
        Assert.Equal(chain[2].Id, result.BrokenEntryId);
    }

    [Fact]
    public void VerifierReportsARemovedEntry()
    {
        var chain = Chain(4);
        chain.RemoveAt(1);
        var result = JournalVerifier.Verify(chain);
        Assert.False(result.Intact);
        Assert.Equal(3, result.BrokenSeq);
    }

    [Fact]
    public void VerifierReportsAnEntryRehashedWithoutItsPredecessor()
    {
        // Someone who rewrites an entry and recomputes its own hash still breaks the link to the next entry.
        var chain = Chain(3);
        chain[1].Action = "forged";
        chain[1].Hash = JournalChain.Hash(FieldsOf(chain[1]), chain[1].PrevHash);
        var result = JournalVerifier.Verify(chain);
        Assert.Equal(3, result.BrokenSeq);
    }

    private static List<JournalEntry> Chain(int count)
    {
        var entries = new List<JournalEntry>();
        var previous = JournalChain.Genesis;
        for (var seq = 1; seq <= count; seq++)
        {
            var f = Fields(seq);
            var hash = JournalChain.Hash(f, previous);
            entries.Add(new JournalEntry
            {
                Id = 100 + seq, InstanceId = f.InstanceId, Seq = seq, EventId = f.EventId, Action = f.Action, ActorUserId = f.ActorUserId, ActorName = f.ActorName,
                ActorRole = f.ActorRole, ActorUnitId = f.ActorUnitId, ActorIp = f.ActorIp, StepBefore = f.StepBefore, StepAfter = f.StepAfter,
                Payload = f.Payload, PayloadSha256 = f.PayloadSha256, OccurredAt = JournalChain.TruncateToMicroseconds(f.OccurredAt), PrevHash = previous, Hash = hash,
            });
            previous = hash;
        }

        return entries;
    }

    private static JournalFields FieldsOf(JournalEntry e) => JournalFields.Of(e);
}
