namespace Services.Data.Content;

/// <summary>A saved state of a content item: who changed it, when, and why (an edit, a return with its comment…).</summary>
public sealed class ContentVersion
{
    public Guid Id { get; set; }
    public Guid ItemId { get; set; }
    public int Number { get; set; }
    public required string Title { get; set; }
    public required string Summary { get; set; }
    public required string Source { get; set; }
    public required string ChangedBy { get; set; }
    public Guid? ChangedById { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
    public required string Note { get; set; }

    /// <summary>The image's alternative text in this version (null: no image).</summary>
    public string? ImageAlt { get; set; }
}
