using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Workflows;

namespace Services.Data.Configurations.Workflows;

internal sealed class WorkflowIncidentConfiguration : IEntityTypeConfiguration<WorkflowIncident>
{
    public void Configure(EntityTypeBuilder<WorkflowIncident> incident)
    {
        incident.ToTable("workflow_incidents");
        incident.Property(i => i.Step).HasMaxLength(100);
        incident.Property(i => i.Error).HasMaxLength(4000);
        incident.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        incident.Property(i => i.ResolvedBy).HasMaxLength(200);
        incident.HasIndex(i => i.InstanceId);
        incident.HasIndex(i => i.Status);
        incident.HasOne<WorkflowInstance>().WithMany().HasForeignKey(i => i.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}
