using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Configurations;
using Services.Data.Units;

namespace Services.Data.Consultations;

internal sealed class ConsultationConfiguration : IEntityTypeConfiguration<Consultation>
{
    public void Configure(EntityTypeBuilder<Consultation> consultation)
    {
        consultation.ToTable("consultations");
        consultation.Property(c => c.Title).HasMaxLength(300);
        consultation.Property(c => c.Issues).HasJsonb();
        consultation.Property(c => c.Sections).HasJsonb();
        consultation.Property(c => c.ReceivingAddress).HasMaxLength(500);
        consultation.Property(c => c.ReceivingEmail).HasMaxLength(254);
        consultation.Property(c => c.ReturnComment).HasMaxLength(900);
        consultation.Property(c => c.Moderation).HasConversion<string>().HasMaxLength(30);
        consultation.HasIndex(c => c.UnitId);
        consultation.HasOne<Unit>().WithMany().HasForeignKey(c => c.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ConsultationCommentConfiguration : IEntityTypeConfiguration<ConsultationComment>
{
    public void Configure(EntityTypeBuilder<ConsultationComment> comment)
    {
        comment.ToTable("consultation_comments");
        comment.Property(c => c.Name).HasMaxLength(200);
        comment.Property(c => c.Email).HasMaxLength(254);
        comment.Property(c => c.Organisation).HasMaxLength(300);
        comment.Property(c => c.Body).HasMaxLength(5000);
        comment.Property(c => c.Visibility).HasConversion<string>().HasMaxLength(20);
        comment.Property(c => c.Disposition).HasConversion<string>().HasMaxLength(20);
        comment.Property(c => c.DispositionReason).HasMaxLength(2000);
        comment.HasIndex(c => new { c.ConsultationId, c.CreatedAt });
        comment.HasIndex(c => c.ConfirmationHash).IsUnique();
        comment.HasOne<Consultation>().WithMany().HasForeignKey(c => c.ConsultationId).OnDelete(DeleteBehavior.Cascade);
        comment.HasOne<ConsultationComment>().WithMany().HasForeignKey(c => c.ReplyTo).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ConsultationAttachmentConfiguration : IEntityTypeConfiguration<ConsultationAttachment>
{
    public void Configure(EntityTypeBuilder<ConsultationAttachment> attachment)
    {
        attachment.ToTable("consultation_attachments");
        attachment.Property(a => a.FileName).HasMaxLength(200);
        attachment.Property(a => a.ContentType).HasMaxLength(100);
        attachment.HasIndex(a => a.ConsultationId);
        attachment.HasOne<Consultation>().WithMany().HasForeignKey(a => a.ConsultationId).OnDelete(DeleteBehavior.Cascade);
    }
}
