using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Configurations;

namespace Services.Data.Dossiers;

internal sealed class DossierDataVersionConfiguration : IEntityTypeConfiguration<DossierDataVersion>
{
    public void Configure(EntityTypeBuilder<DossierDataVersion> version)
    {
        version.ToTable("dossier_data_versions");
        version.HasIndex(v => new { v.DossierId, v.Version }).IsUnique();
        version.Property(v => v.Data).HasJsonb();
        version.Property(v => v.ChangedKeys).HasJsonb();
        version.Property(v => v.ChangedByName).HasMaxLength(200);
        version.HasOne<Dossier>().WithMany().HasForeignKey(v => v.DossierId).OnDelete(DeleteBehavior.Cascade);
    }
}
