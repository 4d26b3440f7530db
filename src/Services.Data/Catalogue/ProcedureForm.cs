namespace Services.Data.Catalogue;

/// <summary>
/// A downloadable form (biểu mẫu, tờ khai) of a procedure, uploaded by the unit's admin. The bytes live in the
/// content-addressed file store; this row keeps the sanitised name, the type detected from the content, the size
/// and the SHA-256 that locates the file.
/// </summary>
public sealed class ProcedureForm
{
    public Guid Id { get; set; }
    public Guid ProcedureId { get; set; }

    /// <summary>What the form is, as shown on the page (e.g. "Mẫu đơn xin nghỉ học").</summary>
    public required string Title { get; set; }

    /// <summary>The sanitised original file name, sent back in Content-Disposition.</summary>
    public required string FileName { get; set; }

    /// <summary>Lower-case hex SHA-256 of the content: the file's address in the store.</summary>
    public required string Sha256 { get; set; }

    public long Size { get; set; }
    public required string ContentType { get; set; }
    public int SortOrder { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}
