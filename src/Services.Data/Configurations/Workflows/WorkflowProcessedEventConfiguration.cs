using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Workflows;

namespace Services.Data.Configurations.Workflows;

internal sealed class WorkflowProcessedEventConfiguration : IEntityTypeConfiguration<WorkflowProcessedEvent>
{
    public void Configure(EntityTypeBuilder<WorkflowProcessedEvent> processed)
    {
        processed.ToTable("workflow_processed_events");
        processed.HasKey(p => new { p.InstanceId, p.EventId });
        processed.Property(p => p.EventId).HasMaxLength(100);
        processed.Property(p => p.EventName).HasMaxLength(100);
        processed.HasOne<WorkflowInstance>().WithMany().HasForeignKey(p => p.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}
