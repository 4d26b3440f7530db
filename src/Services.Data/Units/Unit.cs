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

    public List<UnitLeader> Leaders { get; } = [];
    public DateTimeOffset CreatedAt { get; set; }

    public string Name(bool english) => english ? NameEn : NameVi;
}
