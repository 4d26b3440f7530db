using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Workflows;

namespace Services.Data.Configurations.Workflows;

internal sealed class JournalEntryConfiguration : IEntityTypeConfiguration<JournalEntry>
{
    public void Configure(EntityTypeBuilder<JournalEntry> entry)
    {
        entry.ToTable("workflow_journal");
        entry.Property(j => j.EventId).HasMaxLength(100);
        entry.Property(j => j.Action).HasMaxLength(200);
        entry.Property(j => j.ActorName).HasMaxLength(200);
        entry.Property(j => j.ActorRole).HasMaxLength(40);
        entry.Property(j => j.ActorIp).HasMaxLength(45);
        entry.Property(j => j.StepBefore).HasMaxLength(100);
        entry.Property(j => j.StepAfter).HasMaxLength(100);
        entry.Property(j => j.PayloadSha256).HasMaxLength(64);
        entry.Property(j => j.PrevHash).HasMaxLength(64);
        entry.Property(j => j.Hash).HasMaxLength(64);
        // The writing transaction's id: checkpoints seal exactly the entries of transactions that have finished.
        entry.Property(j => j.XactId).HasDefaultValueSql("(pg_current_xact_id())::text::bigint");
        entry.HasIndex(j => new { j.InstanceId, j.Seq }).IsUnique();
        entry.HasIndex(j => j.XactId);
        // Restrict: the journal outlives nothing it describes, and its trigger refuses deletes anyway.
        entry.HasOne<WorkflowInstance>().WithMany().HasForeignKey(j => j.InstanceId).OnDelete(DeleteBehavior.Restrict);
    }
}
