namespace Services.Data.Consultations;

/// <summary>A document published with a consultation (the full draft, an explanatory report), kept in the database.</summary>
public sealed class ConsultationAttachment
{
    public Guid Id { get; set; }
    public Guid ConsultationId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}
