using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Workflows;

namespace Services.Data.Configurations.Workflows;

internal sealed class WorkflowInstanceConfiguration : IEntityTypeConfiguration<WorkflowInstance>
{
    public void Configure(EntityTypeBuilder<WorkflowInstance> instance)
    {
        instance.ToTable("workflow_instances");
        instance.Property(i => i.DefinitionName).HasMaxLength(100);
        instance.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        instance.Property(i => i.CurrentStep).HasMaxLength(100);
        instance.Property(i => i.Correlation).HasMaxLength(64);
        instance.Property(i => i.State).HasColumnType("jsonb");
        instance.Property(i => i.RowVersion).IsConcurrencyToken();
        instance.Property(i => i.LastJournalHash).HasMaxLength(64);
        instance.Property(i => i.ParentStep).HasMaxLength(100);
        instance.HasIndex(i => i.Correlation).IsUnique();
        instance.HasIndex(i => i.ParentInstanceId);
        // current_step is deliberately not indexed: it changes on every transition, and an index on it would turn every
        // update into a non-HOT one. Lists by step go through workflow_tasks; lists by unit use this index.
        instance.HasIndex(i => new { i.UnitId, i.Status, i.CreatedAt });
        // The desk's "waiting for the applicant" and "returned" counts of a unit's dossiers, from the index alone
        // (migration 20261130120000, ADR 0027).
        instance.HasIndex(i => new { i.UnitId, i.Status, i.CurrentStep }).HasFilter("parent_instance_id IS NULL")
            .IncludeProperties(i => new { i.DefinitionName, i.UpdatedAt });
        instance.HasIndex(i => new { i.DefinitionName, i.DefinitionVersion, i.Status });
    }
}
