using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Configurations;

namespace Services.Data.GenericForms;

internal sealed class DossierDraftConfiguration : IEntityTypeConfiguration<DossierDraft>
{
    public void Configure(EntityTypeBuilder<DossierDraft> draft)
    {
        draft.ToTable("dossier_drafts");
        draft.HasIndex(d => d.TokenHash).IsUnique();
        draft.HasIndex(d => d.ExpiresAt);
        draft.Property(d => d.Email).HasMaxLength(200);
        draft.Property(d => d.Data).HasJsonb();
        draft.HasOne<OnlineForm>().WithMany().HasForeignKey(d => d.FormId).OnDelete(DeleteBehavior.Cascade);
    }
}
