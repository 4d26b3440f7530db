using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Workflows;

namespace Services.Data.Configurations.Workflows;

internal sealed class WorkflowTimerConfiguration : IEntityTypeConfiguration<WorkflowTimer>
{
    public void Configure(EntityTypeBuilder<WorkflowTimer> timer)
    {
        timer.ToTable("workflow_timers");
        timer.Property(t => t.Kind).HasConversion<string>().HasMaxLength(20);
        timer.Property(t => t.Step).HasMaxLength(100);
        timer.Property(t => t.EventName).HasMaxLength(100);
        timer.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        timer.Property(t => t.LeaseOwner).HasMaxLength(100);
        // Workers only ever look for pending timers by due time; the partial index stays small as timers fire.
        timer.HasIndex(t => t.DueAt).HasFilter("status = 'Pending'");
        timer.HasIndex(t => t.InstanceId);
        timer.HasOne<WorkflowInstance>().WithMany().HasForeignKey(t => t.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}
