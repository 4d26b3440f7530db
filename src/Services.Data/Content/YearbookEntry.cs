namespace Services.Data.Content;

/// <summary>
/// One school year of a unit's statistics yearbook (niên giám thống kê), as its editorial board states or imports it:
/// for a school its own figures (one school), for an office or the department the totals of the schools it manages.
/// </summary>
public sealed class YearbookEntry
{
    public Guid UnitId { get; set; }

    /// <summary>The school year, e.g. <c>2025-2026</c>.</summary>
    public required string SchoolYear { get; set; }

    public int Schools { get; set; }
    public int Classes { get; set; }
    public int Teachers { get; set; }
    public int Pupils { get; set; }

    /// <summary>Facilities: the classrooms in use.</summary>
    public int Classrooms { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
    public Guid? UpdatedBy { get; set; }
}
