using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Dossiers;
using Services.Data.Units;

namespace Services.Data.Admissions;

internal sealed class AdmissionCampaignConfiguration : IEntityTypeConfiguration<AdmissionCampaign>
{
    public void Configure(EntityTypeBuilder<AdmissionCampaign> campaign)
    {
        campaign.ToTable("admission_campaigns");
        campaign.HasIndex(c => new { c.UnitId, c.SchoolYear, c.Grade }).IsUnique();
        campaign.Property(c => c.SchoolYear).HasMaxLength(9);
        campaign.Property(c => c.Seed).HasMaxLength(64);
        campaign.HasOne<Unit>().WithMany().HasForeignKey(c => c.UnitId).OnDelete(DeleteBehavior.Restrict);
        campaign.HasMany(c => c.Schools).WithOne().HasForeignKey(s => s.CampaignId).OnDelete(DeleteBehavior.Cascade);
        campaign.HasMany(c => c.PriorityGroups).WithOne().HasForeignKey(g => g.CampaignId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AdmissionSchoolConfiguration : IEntityTypeConfiguration<AdmissionSchool>
{
    public void Configure(EntityTypeBuilder<AdmissionSchool> school)
    {
        school.ToTable("admission_schools");
        school.HasKey(s => new { s.CampaignId, s.SchoolId });
        school.HasOne<Unit>().WithMany().HasForeignKey(s => s.SchoolId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AdmissionPriorityGroupConfiguration : IEntityTypeConfiguration<AdmissionPriorityGroup>
{
    public void Configure(EntityTypeBuilder<AdmissionPriorityGroup> group)
    {
        group.ToTable("admission_priority_groups");
        group.HasKey(g => new { g.CampaignId, g.Order });
        group.Property(g => g.NameVi).HasMaxLength(200);
        group.Property(g => g.NameEn).HasMaxLength(200);
    }
}

internal sealed class AdmissionApplicationConfiguration : IEntityTypeConfiguration<AdmissionApplication>
{
    public void Configure(EntityTypeBuilder<AdmissionApplication> application)
    {
        application.ToTable("admission_applications");
        // One active application per child and campaign, enforced by the database whatever the page does.
        application.HasIndex(a => new { a.CampaignId, a.PersonalId }).IsUnique().HasFilter("status <> 'Withdrawn'");
        application.HasIndex(a => a.DossierId).IsUnique();
        application.Property(a => a.PersonalId).HasMaxLength(12);
        application.Property(a => a.ChildName).HasMaxLength(100);
        application.Property(a => a.Ward).HasMaxLength(100);
        application.Property(a => a.Residence).HasConversion<string>().HasMaxLength(20);
        application.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        application.Property(a => a.Explanation).HasColumnType("jsonb");
        application.HasOne<AdmissionCampaign>().WithMany().HasForeignKey(a => a.CampaignId).OnDelete(DeleteBehavior.Restrict);
        application.HasOne<Dossier>().WithMany().HasForeignKey(a => a.DossierId).OnDelete(DeleteBehavior.Cascade);
    }
}
