using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Units;

namespace Services.Data.Configurations;

internal sealed class UnitConfiguration : IEntityTypeConfiguration<Unit>
{
    public void Configure(EntityTypeBuilder<Unit> unit)
    {
        unit.ToTable("units");
        unit.HasIndex(u => u.Slug).IsUnique();
        unit.HasIndex(u => u.HostName).IsUnique();
        unit.Property(u => u.Slug).HasMaxLength(80);
        unit.Property(u => u.NameVi).HasMaxLength(200);
        unit.Property(u => u.NameEn).HasMaxLength(200);
        unit.Property(u => u.Kind).HasConversion<string>().HasMaxLength(40);
        unit.Property(u => u.Address).HasMaxLength(300);
        unit.Property(u => u.Phone).HasMaxLength(40);
        unit.Property(u => u.Email).HasMaxLength(200);
        unit.Property(u => u.HostName).HasMaxLength(200);
        unit.Property(u => u.Colour).HasMaxLength(20);
        unit.Property(u => u.ManagementSystemUrl).HasMaxLength(500);
        unit.HasOne(u => u.Parent).WithMany(u => u.Children).HasForeignKey(u => u.ParentId).OnDelete(DeleteBehavior.Restrict);
        unit.HasMany(u => u.Leaders).WithOne().HasForeignKey(l => l.UnitId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UnitLogoConfiguration : IEntityTypeConfiguration<UnitLogo>
{
    public void Configure(EntityTypeBuilder<UnitLogo> logo)
    {
        logo.ToTable("unit_logos");
        logo.HasKey(l => l.UnitId);
        logo.Property(l => l.ContentType).HasMaxLength(20);
        logo.HasOne<Unit>().WithOne().HasForeignKey<UnitLogo>(l => l.UnitId).OnDelete(DeleteBehavior.Cascade);
    }
}
