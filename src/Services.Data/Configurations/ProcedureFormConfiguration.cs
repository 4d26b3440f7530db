using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Catalogue;

namespace Services.Data.Configurations;

internal sealed class ProcedureFormConfiguration : IEntityTypeConfiguration<ProcedureForm>
{
    public void Configure(EntityTypeBuilder<ProcedureForm> form)
    {
        form.ToTable("procedure_forms");
        form.Property(f => f.Title).HasMaxLength(300);
        form.Property(f => f.FileName).HasMaxLength(200);
        form.Property(f => f.Sha256).HasMaxLength(64).IsFixedLength();
        form.Property(f => f.ContentType).HasMaxLength(100);
    }
}
