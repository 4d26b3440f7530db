using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Workflows;

namespace Services.Data.Configurations.Workflows;

internal sealed class WorkflowVersionRecordConfiguration : IEntityTypeConfiguration<WorkflowVersionRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowVersionRecord> record)
    {
        record.ToTable("workflow_versions");
        record.HasKey(r => new { r.DefinitionName, r.Version });
        record.Property(r => r.DefinitionName).HasMaxLength(100);
        record.Property(r => r.Fingerprint).HasMaxLength(64);
    }
}
