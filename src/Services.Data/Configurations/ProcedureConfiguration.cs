using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Catalogue;
using Services.Data.Units;

namespace Services.Data.Configurations;

internal sealed class ProcedureConfiguration : IEntityTypeConfiguration<Procedure>
{
    public void Configure(EntityTypeBuilder<Procedure> procedure)
    {
        procedure.ToTable("procedures");
        procedure.HasIndex(p => new { p.UnitId, p.Code }).IsUnique();
        // The department's catalogue asks "which published procedures have an online service" across all units.
        procedure.HasIndex(p => p.OnlineServiceSlug).HasFilter("online_service_slug IS NOT NULL");
        procedure.Property(p => p.Code).HasMaxLength(40);
        procedure.Property(p => p.NameVi).HasMaxLength(300);
        procedure.Property(p => p.NameEn).HasMaxLength(300);
        procedure.Property(p => p.FieldVi).HasMaxLength(120);
        procedure.Property(p => p.FieldEn).HasMaxLength(120);
        procedure.Property(p => p.Level).HasConversion<string>().HasMaxLength(20);
        procedure.Property(p => p.SubmissionVi).HasMaxLength(2000);
        procedure.Property(p => p.HandlerName).HasMaxLength(200);
        procedure.Property(p => p.HandlerContact).HasMaxLength(300);
        procedure.Property(p => p.FeesVi).HasMaxLength(1000);
        procedure.Property(p => p.LegalBasisVi).HasMaxLength(4000);
        procedure.Property(p => p.OnlineServiceSlug).HasMaxLength(80);
        procedure.Property(p => p.ApplicantsVi).HasMaxLength(1000);
        procedure.Property(p => p.AgencyVi).HasMaxLength(1000);
        procedure.Property(p => p.ResultVi).HasMaxLength(1000);
        procedure.Property(p => p.RequirementsVi).HasMaxLength(4000);
        procedure.HasOne<Unit>().WithMany().HasForeignKey(p => p.UnitId).OnDelete(DeleteBehavior.Restrict);
        procedure.HasMany(p => p.Forms).WithOne().HasForeignKey(f => f.ProcedureId).OnDelete(DeleteBehavior.Cascade);
    }
}
