namespace Services.Data.Content;

/// <summary>
/// One piece of a unit portal's content (a news article, a document, a public disclosure, a digital resource), run by the unit's editorial
/// board through the editorial workflow. <see cref="Status"/> mirrors the workflow's step so public pages read one table.
/// </summary>
public sealed class ContentItem
{
    public Guid Id { get; set; }
    public Guid UnitId { get; set; }
    public ContentKind Kind { get; set; }

    /// <summary>A slug from the kind's fixed list (news category, document type, disclosure category).</summary>
    public required string Category { get; set; }

    public required string Title { get; set; }
    public required string Summary { get; set; }

    /// <summary>Sanitised HTML made from the editor's text; never stored unsanitised.</summary>
    public required string Body { get; set; }

    /// <summary>The editor's own text (simple markup), kept so the next edit starts from what they wrote.</summary>
    public required string Source { get; set; }

    public required string Slug { get; set; }
    public ContentStatus Status { get; set; }

    /// <summary>When the approver asked for publication (the editorial workflow's timer is due then).</summary>
    public DateTimeOffset? PublishAt { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid? InstanceId { get; set; }

    /// <summary>Number of the latest version in <see cref="ContentVersion"/>.</summary>
    public int Version { get; set; }

    /// <summary>Disclosures: the school year they belong to (e.g. <c>2025-2026</c>).</summary>
    public string? SchoolYear { get; set; }

    // Documents (văn bản): the fields citizens filter by.
    public string? DocumentNumber { get; set; }
    public string? IssuingAuthority { get; set; }
    public DateOnly? IssuedOn { get; set; }
    public DateOnly? EffectiveOn { get; set; }

    /// <summary>News: the attached image's alternative text, required with the image; its bytes are in <see cref="ContentImage"/>.</summary>
    public string? ImageAlt { get; set; }

    /// <summary>When the image was attached: its address carries this time, so browsers may keep it for a year.</summary>
    public DateTimeOffset? ImageUpdatedAt { get; set; }

    public int? ImageWidth { get; set; }
    public int? ImageHeight { get; set; }
    public int? ThumbnailWidth { get; set; }
    public int? ThumbnailHeight { get; set; }
}

/// <summary>
/// A news item's image as stored after decoding: metadata stripped, resized to a page width and a thumbnail width,
/// kept apart from the item row so lists and feeds stay small (as a unit's logo is kept apart from the unit).
/// </summary>
public sealed class ContentImage
{
    public Guid ItemId { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Large { get; set; }
    public required byte[] Thumbnail { get; set; }
}

public enum ContentKind
{
    News,
    Document,
    Disclosure,

    /// <summary>Digital resources (học liệu số): links shared with teachers and pupils.</summary>
    Resource,
}

public enum ContentStatus
{
    Draft,
    InReview,
    Scheduled,
    Published,
    Unpublished,
}
