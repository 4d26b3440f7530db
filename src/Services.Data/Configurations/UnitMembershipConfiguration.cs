using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Identity;

namespace Services.Data.Configurations;

internal sealed class UnitMembershipConfiguration : IEntityTypeConfiguration<UnitMembership>
{
    public void Configure(EntityTypeBuilder<UnitMembership> membership)
    {
        membership.ToTable("unit_memberships");
        membership.Property(m => m.Role).HasConversion<string>().HasMaxLength(40);
        membership.HasIndex(m => new { m.UserId, m.UnitId, m.Role }).IsUnique();
        membership.HasIndex(m => new { m.UnitId, m.Role });
        membership.HasOne(m => m.Unit).WithMany().HasForeignKey(m => m.UnitId).OnDelete(DeleteBehavior.Cascade);
        membership.HasOne<PortalUser>().WithMany(u => u.Memberships).HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
