using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Identity;
using Services.Data.Workflows;

namespace Services.Data.Configurations.Workflows;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> notification)
    {
        notification.ToTable("notifications");
        notification.Property(n => n.Title).HasMaxLength(300);
        notification.HasIndex(n => n.MessageId).IsUnique();
        notification.HasIndex(n => new { n.UserId, n.CreatedAt });
        notification.HasOne<PortalUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
