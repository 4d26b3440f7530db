using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Workflows;

namespace Services.Data.Configurations.Workflows;

internal sealed class WorkflowBatchRaiseConfiguration : IEntityTypeConfiguration<WorkflowBatchRaise>
{
    public void Configure(EntityTypeBuilder<WorkflowBatchRaise> raise)
    {
        raise.ToTable("workflow_batch_raises");
        raise.Property(r => r.DefinitionName).HasMaxLength(100);
        raise.Property(r => r.Step).HasMaxLength(100);
        raise.Property(r => r.EventName).HasMaxLength(100);
        raise.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        raise.Property(r => r.CreatedBy).HasMaxLength(200);
        raise.Property(r => r.LeaseOwner).HasMaxLength(100);
    }
}
