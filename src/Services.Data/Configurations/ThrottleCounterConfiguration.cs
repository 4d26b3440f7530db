using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Security;

namespace Services.Data.Configurations;

internal sealed class ThrottleCounterConfiguration : IEntityTypeConfiguration<ThrottleCounter>
{
    public void Configure(EntityTypeBuilder<ThrottleCounter> counter)
    {
        counter.ToTable("throttle_counters");
        counter.HasKey(c => c.Key);
        counter.Property(c => c.Key).HasMaxLength(300);
        // Expired counters are swept by age.
        counter.HasIndex(c => c.WindowEndsAt);
    }
}
