using System.Text.Json;
using Services.Workflows.Dossiers.Attachments;

namespace Services.Workflows.Dossiers;

/// <summary>A file answer of a dossier, as kept in its data (JSON under the field's key); the bytes are in the attachment store.</summary>
public sealed record DossierFile(string Sha256, string Name, string ContentType, long Size)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static DossierFile From(StoredAttachment stored) => new(stored.Sha256, stored.FileName, stored.ContentType, stored.Size);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static DossierFile? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json) || json[0] != '{')
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<DossierFile>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
