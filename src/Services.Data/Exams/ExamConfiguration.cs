using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Configurations;
using Services.Data.Units;

namespace Services.Data.Exams;

internal sealed class ExamConfiguration : IEntityTypeConfiguration<Exam>
{
    public void Configure(EntityTypeBuilder<Exam> exam)
    {
        exam.ToTable("exams");
        exam.Property(e => e.Name).HasMaxLength(300);
        exam.Property(e => e.Kind).HasConversion<string>().HasMaxLength(40);
        exam.Property(e => e.Subjects).HasJsonb();
        exam.Property(e => e.RegradeFee).HasDefaultValue(0);
        exam.HasIndex(e => e.UnitId);
        exam.HasOne<Unit>().WithMany().HasForeignKey(e => e.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ExamCandidateConfiguration : IEntityTypeConfiguration<ExamCandidate>
{
    public void Configure(EntityTypeBuilder<ExamCandidate> candidate)
    {
        candidate.ToTable("exam_candidates");
        candidate.HasIndex(c => new { c.ExamId, c.Number }).IsUnique();
        candidate.Property(c => c.Number).HasMaxLength(20);
        candidate.Property(c => c.FullName).HasMaxLength(200);
        candidate.Property(c => c.School).HasMaxLength(300);
        candidate.Property(c => c.Room).HasMaxLength(50);
        candidate.Property(c => c.Scores).HasJsonb();
        candidate.HasOne<Exam>().WithMany().HasForeignKey(c => c.ExamId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CertificateConfiguration : IEntityTypeConfiguration<Certificate>
{
    public void Configure(EntityTypeBuilder<Certificate> certificate)
    {
        certificate.ToTable("certificates");
        certificate.HasIndex(c => new { c.UnitId, c.Serial }).IsUnique();
        // The public check knows the serial, not the issuing unit.
        certificate.HasIndex(c => c.Serial);
        certificate.Property(c => c.Serial).HasMaxLength(30);
        certificate.Property(c => c.RegisterNumber).HasMaxLength(30);
        certificate.Property(c => c.HolderName).HasMaxLength(200);
        certificate.Property(c => c.Type).HasMaxLength(200);
        certificate.Property(c => c.Classification).HasMaxLength(100);
        certificate.Property(c => c.Signer).HasMaxLength(200);
        certificate.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        certificate.Property(c => c.StatusNote).HasMaxLength(1000);
        certificate.HasOne<Unit>().WithMany().HasForeignKey(c => c.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ExamRegradeConfiguration : IEntityTypeConfiguration<ExamRegrade>
{
    public void Configure(EntityTypeBuilder<ExamRegrade> regrade)
    {
        regrade.ToTable("exam_regrades");
        regrade.HasKey(r => r.DossierId);
        regrade.HasIndex(r => new { r.ExamId, r.Number }).IsUnique();
        regrade.Property(r => r.Number).HasMaxLength(20);
        regrade.Property(r => r.Subjects).HasJsonb();
        regrade.HasOne<Exam>().WithMany().HasForeignKey(r => r.ExamId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ExamScoreChangeConfiguration : IEntityTypeConfiguration<ExamScoreChange>
{
    public void Configure(EntityTypeBuilder<ExamScoreChange> change)
    {
        change.ToTable("exam_score_changes");
        change.HasIndex(c => new { c.ExamId, c.Number });
        change.HasIndex(c => new { c.TrackingCode, c.Subject }).IsUnique();
        change.Property(c => c.Number).HasMaxLength(20);
        change.Property(c => c.Subject).HasMaxLength(100);
        change.Property(c => c.TrackingCode).HasMaxLength(40);
        change.Property(c => c.OldScore).HasPrecision(5, 2);
        change.Property(c => c.NewScore).HasPrecision(5, 2);
        change.HasOne<Exam>().WithMany().HasForeignKey(c => c.ExamId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ExamResultChangeConfiguration : IEntityTypeConfiguration<ExamResultChange>
{
    public void Configure(EntityTypeBuilder<ExamResultChange> change)
    {
        change.ToTable("exam_result_changes");
        change.HasKey(c => c.Id);
        // Written by triggers only (ADR 0037).
        change.Property(c => c.ChangedAt).HasDefaultValueSql("now()");
        change.HasIndex(c => c.ExamId);
        change.HasOne<Exam>().WithMany().HasForeignKey(c => c.ExamId).OnDelete(DeleteBehavior.Cascade);
    }
}

// certs (issue 12): revocations and corrections of certificates.
internal sealed class CertificateChangeConfiguration : IEntityTypeConfiguration<CertificateChange>
{
    public void Configure(EntityTypeBuilder<CertificateChange> change)
    {
        change.ToTable("certificate_changes");
        change.HasIndex(c => c.CertificateId).IsUnique().HasFilter("status = 'Pending'").HasDatabaseName("ix_certificate_changes_pending");
        change.HasIndex(c => new { c.UnitId, c.ProposedAt });
        change.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        change.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        change.Property(c => c.Reason).HasMaxLength(1000);
        change.Property(c => c.Fields).HasJsonb();
        change.Property(c => c.ProposedByName).HasMaxLength(200);
        change.Property(c => c.DecidedByName).HasMaxLength(200);
        change.Property(c => c.DecisionNote).HasMaxLength(1000);
        change.HasOne<Certificate>().WithMany().HasForeignKey(c => c.CertificateId).OnDelete(DeleteBehavior.Cascade);
        change.HasOne<Unit>().WithMany().HasForeignKey(c => c.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
