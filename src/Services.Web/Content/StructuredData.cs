using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Services.Data.Content;
using Services.Web.Units;

namespace Services.Web.Content;

/// <summary>
/// schema.org JSON-LD. Serialised with the default encoder, which escapes &lt; &gt; &amp; and quotes, so a title can
/// never close the data block it sits in.
/// </summary>
public static class StructuredData
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.Default };

    public static string Organization(UnitView unit, string url)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "GovernmentOrganization",
            ["name"] = unit.NameVi,
            ["alternateName"] = unit.NameEn,
            ["url"] = url,
            ["telephone"] = unit.Phone,
            ["email"] = unit.Email,
            ["address"] = unit.Address,
        }.ToJsonString(Options);
    }

    public static string Article(ContentItem item, UnitView unit, string url)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(unit);
        return new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = item.Kind == ContentKind.News ? "NewsArticle" : "DigitalDocument",
            ["headline"] = item.Title,
            ["description"] = item.Summary,
            ["url"] = url,
            ["datePublished"] = item.PublishedAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["dateModified"] = item.UpdatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["inLanguage"] = "vi",
            ["publisher"] = new JsonObject { ["@type"] = "GovernmentOrganization", ["name"] = unit.NameVi },
        }.ToJsonString(Options);
    }

    /// <summary>A procedure of the catalogue: the service, the unit providing it and, when it is online, where to use it.</summary>
    public static string Service(Services.Data.Catalogue.Procedure procedure, UnitView unit, string url, string? onlineUrl)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(unit);
        var service = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "GovernmentService",
            ["name"] = procedure.NameVi,
            ["alternateName"] = procedure.NameEn,
            ["identifier"] = procedure.Code,
            ["serviceType"] = procedure.FieldVi,
            ["url"] = url,
            ["provider"] = new JsonObject { ["@type"] = "GovernmentOrganization", ["name"] = unit.NameVi },
        };
        if (onlineUrl is not null)
        {
            service["availableChannel"] = new JsonObject { ["@type"] = "ServiceChannel", ["serviceUrl"] = onlineUrl };
        }

        return service.ToJsonString(Options);
    }
}
