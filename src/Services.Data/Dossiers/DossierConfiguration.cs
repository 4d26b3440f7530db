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
        // The desk's search by any fragment of a name, phone or tracking code (ILIKE '%…%'), trigram indexes
        // (pg_trgm; migration 20261130120000, ADR 0027).
        dossier.HasIndex(d => d.ApplicantName, "ix_dossiers_applicant_name_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
        dossier.HasIndex(d => d.ApplicantPhone, "ix_dossiers_applicant_phone_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
        dossier.HasIndex(d => d.TrackingCode, "ix_dossiers_tracking_code_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
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
