namespace Services.Data.Workflows;

/// <summary>
/// A day that breaks the Monday–Friday rule: a public holiday or official day off (<see cref="IsWorkingDay"/> false),
/// or a Saturday worked to make up for a bridged day off (true). Admins edit these when the government announces them.
/// </summary>
public sealed class Holiday
{
    public DateOnly Date { get; set; }
    public required string NameVi { get; set; }
    public required string NameEn { get; set; }
    public bool IsWorkingDay { get; set; }
}
