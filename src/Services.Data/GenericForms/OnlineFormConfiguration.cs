using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Configurations;
using Services.Data.Units;

namespace Services.Data.GenericForms;

internal sealed class OnlineFormConfiguration : IEntityTypeConfiguration<OnlineForm>
{
    public void Configure(EntityTypeBuilder<OnlineForm> form)
    {
        form.ToTable("online_forms");
        form.HasIndex(f => new { f.UnitId, f.Slug }).IsUnique();
        form.Property(f => f.Slug).HasMaxLength(80);
        form.Property(f => f.TitleVi).HasMaxLength(200);
        form.Property(f => f.TitleEn).HasMaxLength(200);
        form.Property(f => f.DescriptionVi).HasMaxLength(2000);
        form.Property(f => f.DescriptionEn).HasMaxLength(2000);
        form.Property(f => f.ProcedureCode).HasMaxLength(40);
        form.Property(f => f.Status).HasConversion<string>().HasMaxLength(20);
        form.Property(f => f.Fields).HasJsonb();
        form.Ignore(f => f.Steps);
        form.HasOne<Unit>().WithMany().HasForeignKey(f => f.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
