using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Workflows;

namespace Services.Data.Configurations.Workflows;

internal sealed class WorkflowTaskConfiguration : IEntityTypeConfiguration<WorkflowTask>
{
    public void Configure(EntityTypeBuilder<WorkflowTask> task)
    {
        task.ToTable("workflow_tasks");
        task.Property(t => t.DefinitionName).HasMaxLength(100);
        task.Property(t => t.Correlation).HasMaxLength(64);
        task.Property(t => t.Step).HasMaxLength(100);
        task.Property(t => t.Role).HasMaxLength(40);
        task.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        task.Property(t => t.AssigneeName).HasMaxLength(200);
        task.Property(t => t.Outcome).HasMaxLength(100);
        task.Property(t => t.Comment).HasMaxLength(4000);
        task.Property(t => t.DecidedByName).HasMaxLength(200);
        task.HasIndex(t => new { t.UnitId, t.Role, t.Status, t.DueAt });
        task.HasIndex(t => t.InstanceId);
        // The desk's page of a unit's open tasks in due order (migration 20261130010000), and its tab counts read from
        // the index alone (its included columns; migration 20261130120000, ADR 0027).
        task.HasIndex(t => new { t.UnitId, t.DueAt, t.Id }).HasFilter("status = 'Open'")
            .IncludeProperties(t => new { t.Role, t.DefinitionName, t.AssigneeId });
        // A dossier's open tasks by its tracking code (the desk's search joins the matching dossiers to them).
        task.HasIndex(t => t.Correlation);
        task.HasIndex(t => t.AssigneeId);
        task.HasOne<WorkflowInstance>().WithMany().HasForeignKey(t => t.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}
