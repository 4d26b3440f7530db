using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Workflows;

namespace Services.Data.Configurations.Workflows;

internal sealed class WorkflowBranchConfiguration : IEntityTypeConfiguration<WorkflowBranch>
{
    public void Configure(EntityTypeBuilder<WorkflowBranch> branch)
    {
        branch.ToTable("workflow_branches");
        branch.HasKey(b => new { b.InstanceId, b.Step });
        branch.Property(b => b.Step).HasMaxLength(100);
        branch.Property(b => b.ParallelStep).HasMaxLength(100);
        branch.Property(b => b.Status).HasConversion<string>().HasMaxLength(20);
        branch.Property(b => b.Outcome).HasMaxLength(100);
        branch.HasOne<WorkflowInstance>().WithMany().HasForeignKey(b => b.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}
