using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Workflows;

namespace Services.Data.Configurations.Workflows;

internal sealed class OutboxDiscardConfiguration : IEntityTypeConfiguration<OutboxDiscard>
{
    public void Configure(EntityTypeBuilder<OutboxDiscard> discard)
    {
        discard.ToTable("outbox_discards");
        discard.HasKey(d => d.MessageId);
        discard.Property(d => d.Reason).HasMaxLength(500);
        discard.Property(d => d.DiscardedBy).HasMaxLength(200);
        discard.HasOne<OutboxMessage>().WithOne().HasForeignKey<OutboxDiscard>(d => d.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
