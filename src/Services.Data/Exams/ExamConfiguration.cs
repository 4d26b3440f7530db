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
