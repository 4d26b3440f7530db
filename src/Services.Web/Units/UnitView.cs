using Services.Data.Units;
using Services.Web.Localization;

namespace Services.Web.Units;

/// <summary>An immutable copy of a unit for rendering, safe to share between requests.</summary>
public sealed record UnitView(
    Guid Id,
    string Slug,
    string NameVi,
    string NameEn,
    UnitKind Kind,
    Guid? ParentId,
    string Address,
    string Phone,
    string Email,
    string? HostName,
    IReadOnlyList<LeaderView> Leaders,
    string? Colour,
    string? ManagementSystemUrl,
    DateTimeOffset? LogoUpdatedAt)
{
    public string Name => CulturePathMiddleware.IsEnglish ? NameEn : NameVi;

    public bool IsSchool => Kind is not (UnitKind.Department or UnitKind.DistrictOffice);

    /// <summary>The header's palette class (<see cref="UnitPalette"/>).</summary>
    public string ThemeClass => UnitPalette.CssClass(Colour);

    /// <summary>The logo's address, versioned by its upload time so it can be cached for long; null without a logo.</summary>
    public string? LogoPath => LogoUpdatedAt is { } at ? $"/{Slug}/logo?v={at.ToUnixTimeSeconds()}" : null;

    public static UnitView From(Unit unit) => new(
        unit.Id, unit.Slug, unit.NameVi, unit.NameEn, unit.Kind, unit.ParentId, unit.Address, unit.Phone, unit.Email, unit.HostName,
        unit.Leaders.OrderBy(l => l.SortOrder).Select(l => new LeaderView(l.Name, l.TitleVi, l.TitleEn, l.Phone, l.Email, l.DutiesVi, l.DutiesEn)).ToList(),
        unit.Colour, unit.ManagementSystemUrl, unit.LogoUpdatedAt);
}

public sealed record LeaderView(string Name, string TitleVi, string TitleEn, string Phone, string Email, string DutiesVi, string? DutiesEn)
{
    public string Title => CulturePathMiddleware.IsEnglish ? TitleEn : TitleVi;
    public string Duties => CulturePathMiddleware.IsEnglish && DutiesEn is not null ? DutiesEn : DutiesVi;
}
