using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Services.Web.Security;

/// <summary>
/// Data Protection keys in PostgreSQL, so every web node reads the same key ring and cookies survive restarts.
/// (Microsoft.AspNetCore.DataProtection.EntityFrameworkCore is not available from this machine's registry.)
/// </summary>
internal sealed class DatabaseXmlRepository(NpgsqlDataSource dataSource, TimeProvider clock) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var command = dataSource.CreateCommand("SELECT xml FROM data_protection_keys ORDER BY id");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var command = dataSource.CreateCommand("INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES ($1, $2, $3)");
        command.Parameters.Add(new NpgsqlParameter { Value = friendlyName });
        command.Parameters.Add(new NpgsqlParameter { Value = element.ToString(SaveOptions.DisableFormatting) });
        command.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
        command.ExecuteNonQuery();
    }
}
