using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Units;

namespace Services.Data.Configurations;

internal sealed class UnitLeaderConfiguration : IEntityTypeConfiguration<UnitLeader>
{
    public void Configure(EntityTypeBuilder<UnitLeader> leader)
    {
        leader.ToTable("unit_leaders");
        leader.Property(l => l.Name).HasMaxLength(120);
        leader.Property(l => l.TitleVi).HasMaxLength(120);
        leader.Property(l => l.TitleEn).HasMaxLength(120);
        leader.Property(l => l.Phone).HasMaxLength(40);
        leader.Property(l => l.Email).HasMaxLength(200);
        leader.Property(l => l.DutiesVi).HasMaxLength(1000);
        leader.Property(l => l.DutiesEn).HasMaxLength(1000);
    }
}
