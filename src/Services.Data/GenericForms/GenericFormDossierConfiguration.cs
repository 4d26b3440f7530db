using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Services.Data.Dossiers;

namespace Services.Data.GenericForms;

internal sealed class GenericFormDossierConfiguration : IEntityTypeConfiguration<GenericFormDossier>
{
    public void Configure(EntityTypeBuilder<GenericFormDossier> dossier)
    {
        dossier.ToTable("generic_form_dossiers");
        dossier.HasKey(d => d.DossierId);
        dossier.HasOne<Dossier>().WithOne().HasForeignKey<GenericFormDossier>(d => d.DossierId).OnDelete(DeleteBehavior.Cascade);
        dossier.HasOne<OnlineForm>().WithMany().HasForeignKey(d => d.FormId).OnDelete(DeleteBehavior.Restrict);
    }
}
