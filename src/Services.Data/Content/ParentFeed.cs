namespace Services.Data.Content;

/// <summary>
/// The feed a unit shows its parent's news from (the city's guidance: a school shows its office's news, documents and
/// invitations), with the last good copy of it: a failed fetch keeps showing that copy, with its source and time.
/// </summary>
public sealed class ParentFeed
{
    public Guid UnitId { get; set; }

    /// <summary>The feed's address; null: the parent unit's own RSS on this portal.</summary>
    public string? Url { get; set; }

    /// <summary>The feed's own name and site (its channel), as last fetched.</summary>
    public string? SourceTitle { get; set; }
    public string? SourceLink { get; set; }

    /// <summary>When the items were last fetched successfully.</summary>
    public DateTimeOffset? FetchedAt { get; set; }

    public DateTimeOffset? AttemptedAt { get; set; }

    /// <summary>Why the last attempt failed (for operators); null after a good fetch.</summary>
    public string? Error { get; set; }
}

/// <summary>One item of a unit's cached parent feed: text and a sanitised summary, never the feed's raw HTML.</summary>
public sealed class ParentFeedItem
{
    public Guid Id { get; set; }
    public Guid UnitId { get; set; }
    public int Position { get; set; }
    public required string Title { get; set; }

    /// <summary>An absolute http(s) address, or null when the feed gave none that is safe to follow.</summary>
    public string? Link { get; set; }

    public required string Summary { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
}
