using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Configurations;
using Services.Data.Units;

namespace Services.Data.Dossiers;

internal sealed class DossierConfiguration : IEntityTypeConfiguration<Dossier>
{
    public void Configure(EntityTypeBuilder<Dossier> dossier)
    {
        dossier.ToTable("dossiers");
        dossier.HasIndex(d => d.TrackingCode).IsUnique();
        dossier.HasIndex(d => d.IdempotencyKey).IsUnique();
        dossier.HasIndex(d => new { d.UnitId, d.SubmittedAt });
        dossier.HasIndex(d => d.ApplicantUserId);
        dossier.HasIndex(d => new { d.UnitId, d.ServiceSlug });
        dossier.Property(d => d.ServiceKey).HasMaxLength(60);
        dossier.Property(d => d.ServiceSlug).HasMaxLength(80);
        dossier.Property(d => d.ServiceTitleVi).HasMaxLength(200);
        dossier.Property(d => d.ServiceTitleEn).HasMaxLength(200);
        dossier.Property(d => d.TrackingCode).HasMaxLength(20);
        dossier.Property(d => d.ApplicantName).HasMaxLength(200);
        dossier.Property(d => d.ApplicantPhone).HasMaxLength(20);
        dossier.Property(d => d.ApplicantEmail).HasMaxLength(200);
        dossier.Property(d => d.RatingComment).HasMaxLength(2000);
        dossier.Property(d => d.Data).HasJsonb();
        dossier.Property(d => d.DataVersion).IsConcurrencyToken();
        dossier.HasOne<Unit>().WithMany().HasForeignKey(d => d.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
