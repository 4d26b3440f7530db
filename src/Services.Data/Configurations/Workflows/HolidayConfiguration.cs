using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Workflows;

namespace Services.Data.Configurations.Workflows;

internal sealed class HolidayConfiguration : IEntityTypeConfiguration<Holiday>
{
    public void Configure(EntityTypeBuilder<Holiday> holiday)
    {
        holiday.ToTable("holidays");
        holiday.HasKey(h => h.Date);
        holiday.Property(h => h.NameVi).HasMaxLength(200);
        holiday.Property(h => h.NameEn).HasMaxLength(200);
    }
}
