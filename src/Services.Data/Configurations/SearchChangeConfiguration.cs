using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Search;

namespace Services.Data.Configurations;

internal sealed class SearchChangeConfiguration : IEntityTypeConfiguration<SearchChange>
{
    public void Configure(EntityTypeBuilder<SearchChange> change)
    {
        change.ToTable("search_changes");
        change.HasKey(c => c.Id);
        change.Property(c => c.Kind).HasMaxLength(40);
        change.Property(c => c.Key).HasMaxLength(200);
        // Filled by the database so a trigger and a hand-written INSERT record the same thing.
        change.Property(c => c.TransactionId).HasDefaultValueSql("(pg_current_xact_id())::text::bigint");
        change.Property(c => c.ChangedAt).HasDefaultValueSql("now()");
        // Nodes read in (transaction, id) order from their cursor.
        change.HasIndex(c => new { c.TransactionId, c.Id });
        // The pruning job deletes by age.
        change.HasIndex(c => c.ChangedAt);
    }
}

internal sealed class SearchPruningConfiguration : IEntityTypeConfiguration<SearchPruning>
{
    public void Configure(EntityTypeBuilder<SearchPruning> pruning)
    {
        pruning.ToTable("search_changes_pruned");
        pruning.HasKey(p => p.Id);
        pruning.Property(p => p.Id).ValueGeneratedNever();
    }
}
