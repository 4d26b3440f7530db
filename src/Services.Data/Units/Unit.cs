namespace Services.Data.Units;

/// <summary>An education unit: the department, a district office or a school. Units form a tree.</summary>
public sealed class Unit
{
    public Guid Id { get; set; }

    /// <summary>URL segment without diacritics, unique city-wide (e.g. <c>th-nguyen-binh-khiem</c>).</summary>
    public required string Slug { get; set; }

    public required string NameVi { get; set; }
    public required string NameEn { get; set; }
    public UnitKind Kind { get; set; }
    public Guid? ParentId { get; set; }
    public Unit? Parent { get; set; }
    public List<Unit> Children { get; } = [];
    public required string Address { get; set; }
    public required string Phone { get; set; }
    public required string Email { get; set; }

    /// <summary>Own host name (e.g. <c>thnguyenbinhkhiem.hcm.edu.vn</c>) that serves this unit's portal at <c>/</c>.</summary>
    public string? HostName { get; set; }

    /// <summary>The header colour: a key of the portal's accessible palette; null: the portal's own blue.</summary>
    public string? Colour { get; set; }

    /// <summary>The unit's school management system (Circular 37 item 11): an absolute http(s) address.</summary>
    public string? ManagementSystemUrl { get; set; }

    /// <summary>When the logo (<see cref="UnitLogo"/>) was last replaced; null: the unit has none.</summary>
    public DateTimeOffset? LogoUpdatedAt { get; set; }

    public List<UnitLeader> Leaders { get; } = [];
    public DateTimeOffset CreatedAt { get; set; }

    public string Name(bool english) => english ? NameEn : NameVi;
}
