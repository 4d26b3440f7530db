using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Units;

namespace Services.Data.Content;

internal sealed class ContentItemConfiguration : IEntityTypeConfiguration<ContentItem>
{
    public void Configure(EntityTypeBuilder<ContentItem> item)
    {
        item.ToTable("content_items");
        item.Property(i => i.Kind).HasConversion<string>().HasMaxLength(20);
        item.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        item.Property(i => i.Category).HasMaxLength(60);
        item.Property(i => i.Title).HasMaxLength(300);
        item.Property(i => i.Summary).HasMaxLength(1000);
        item.Property(i => i.Slug).HasMaxLength(200);
        item.Property(i => i.SchoolYear).HasMaxLength(9);
        item.Property(i => i.DocumentNumber).HasMaxLength(60);
        item.Property(i => i.IssuingAuthority).HasMaxLength(300);
        item.Property(i => i.ImageAlt).HasMaxLength(300);
        item.HasIndex(i => new { i.UnitId, i.Kind, i.Slug }).IsUnique();
        item.HasIndex(i => new { i.Status, i.PublishedAt });
        item.HasOne<Unit>().WithMany().HasForeignKey(i => i.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ContentVersionConfiguration : IEntityTypeConfiguration<ContentVersion>
{
    public void Configure(EntityTypeBuilder<ContentVersion> version)
    {
        version.ToTable("content_versions");
        version.Property(v => v.Title).HasMaxLength(300);
        version.Property(v => v.Summary).HasMaxLength(1000);
        version.Property(v => v.ChangedBy).HasMaxLength(200);
        version.Property(v => v.Note).HasMaxLength(1000);
        version.Property(v => v.ImageAlt).HasMaxLength(300);
        version.HasIndex(v => new { v.ItemId, v.Number }).IsUnique();
        version.HasOne<ContentItem>().WithMany().HasForeignKey(v => v.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ContentImageConfiguration : IEntityTypeConfiguration<ContentImage>
{
    public void Configure(EntityTypeBuilder<ContentImage> image)
    {
        image.ToTable("content_images");
        image.HasKey(i => i.ItemId);
        image.Property(i => i.ContentType).HasMaxLength(20);
        image.HasOne<ContentItem>().WithOne().HasForeignKey<ContentImage>(i => i.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class YearbookEntryConfiguration : IEntityTypeConfiguration<YearbookEntry>
{
    public void Configure(EntityTypeBuilder<YearbookEntry> entry)
    {
        entry.ToTable("yearbook_entries");
        entry.HasKey(e => new { e.UnitId, e.SchoolYear });
        entry.Property(e => e.SchoolYear).HasMaxLength(9);
        entry.HasOne<Unit>().WithMany().HasForeignKey(e => e.UnitId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ParentFeedConfiguration : IEntityTypeConfiguration<ParentFeed>
{
    public void Configure(EntityTypeBuilder<ParentFeed> feed)
    {
        feed.ToTable("parent_feeds");
        feed.HasKey(f => f.UnitId);
        feed.Property(f => f.Url).HasMaxLength(500);
        feed.Property(f => f.SourceTitle).HasMaxLength(300);
        feed.Property(f => f.SourceLink).HasMaxLength(500);
        feed.Property(f => f.Error).HasMaxLength(300);
        feed.HasOne<Unit>().WithOne().HasForeignKey<ParentFeed>(f => f.UnitId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ParentFeedItemConfiguration : IEntityTypeConfiguration<ParentFeedItem>
{
    public void Configure(EntityTypeBuilder<ParentFeedItem> item)
    {
        item.ToTable("parent_feed_items");
        item.Property(i => i.Title).HasMaxLength(300);
        item.Property(i => i.Link).HasMaxLength(500);
        item.Property(i => i.Summary).HasMaxLength(2000);
        item.HasIndex(i => new { i.UnitId, i.Position });
        item.HasOne<ParentFeed>().WithMany().HasForeignKey(i => i.UnitId).OnDelete(DeleteBehavior.Cascade);
    }
}
