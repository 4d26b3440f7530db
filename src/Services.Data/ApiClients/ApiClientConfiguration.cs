using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Services.Data.ApiClients;

internal sealed class ApiClientConfiguration : IEntityTypeConfiguration<ApiClient>
{
    public void Configure(EntityTypeBuilder<ApiClient> client)
    {
        client.ToTable("api_clients");
        client.HasIndex(c => c.ClientId).IsUnique();
        client.Property(c => c.ClientId).HasMaxLength(40);
        client.Property(c => c.Name).HasMaxLength(200);
    }
}
