using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Workflows;

namespace Services.Data.Configurations.Workflows;

internal sealed class JournalCheckpointConfiguration : IEntityTypeConfiguration<JournalCheckpoint>
{
    public void Configure(EntityTypeBuilder<JournalCheckpoint> checkpoint)
    {
        checkpoint.ToTable("journal_checkpoints");
        // The number is the chain position, chosen by the sealer; the key makes a second checkpoint with it (a fork) fail.
        checkpoint.HasKey(c => c.Seq);
        checkpoint.Property(c => c.Seq).ValueGeneratedNever();
        checkpoint.Property(c => c.MerkleRoot).HasMaxLength(64);
        checkpoint.Property(c => c.PrevHash).HasMaxLength(64);
        checkpoint.Property(c => c.Hash).HasMaxLength(64);
        checkpoint.Property(c => c.Algorithm).HasMaxLength(20);
        checkpoint.Property(c => c.KeyId).HasMaxLength(64);
        checkpoint.Property(c => c.Signature).HasMaxLength(200);
    }
}
