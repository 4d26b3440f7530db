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
        // No index mentions current_step or updated_at, which change on every transition: PostgreSQL updates a row in
        // place (HOT, no index entry written) only when no indexed column changes (ADR 0035). Lists by step go through
        // workflow_tasks; lists by unit use this index.
        instance.HasIndex(i => new { i.UnitId, i.Status, i.CreatedAt });
        // The step at which a dossier waits for its applicant (the generic form's, the only service step with the
        // Supplement action; DeskQueriesTests checks this against every service), as a stored flag that changes only
        // on entering or leaving that step.
        instance.Property(i => i.AwaitingApplicant).HasComputedColumnSql("current_step = 'awaiting-supplement'", stored: true);
        // The desk's "waiting for the applicant" and "returned" counts of a unit's dossiers, from the index alone
        // (migrations 20261130120000 and 20261203120000, ADR 0027 and 0035).
        instance.HasIndex(i => new { i.UnitId, i.Status, i.AwaitingApplicant }).HasFilter("parent_instance_id IS NULL")
            .IncludeProperties(i => new { i.DefinitionName });
        instance.HasIndex(i => new { i.DefinitionName, i.DefinitionVersion, i.Status });
    }
}
