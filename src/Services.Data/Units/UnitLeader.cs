namespace Services.Data.Units;

/// <summary>A leader listed on the unit's introduction page, as Circular 37 requires.</summary>
public sealed class UnitLeader
{
    public Guid Id { get; set; }
    public Guid UnitId { get; set; }
    public required string Name { get; set; }
    public required string TitleVi { get; set; }
    public required string TitleEn { get; set; }
    public required string Phone { get; set; }
    public required string Email { get; set; }
    public required string DutiesVi { get; set; }
    public string? DutiesEn { get; set; }
    public int SortOrder { get; set; }
}
