namespace Services.Web.Units;

/// <summary>
/// The header colours a unit may choose: each carries white text at 4.5:1 or more (WCAG 2.1 AA), and each has its
/// own class in site.css (<c>theme-{key}</c>): the page never gets an inline style, which the CSP forbids.
/// </summary>
public static class UnitPalette
{
    /// <summary>The portal's own blue, used while a unit has chosen nothing.</summary>
    public const string Default = "xanh-duong";

    /// <summary>Key (the CSS class's suffix and the stored value) and the colour's hex value, as in site.css.</summary>
    public static readonly IReadOnlyList<(string Key, string Hex)> Colours =
    [
        (Default, "#0b3d91"),
        ("xanh-la", "#1b5e20"),
        ("xanh-ngoc", "#00695c"),
        ("do", "#a4161a"),
        ("cam", "#a84300"),
        ("tim", "#5b2a86"),
        ("nau", "#6d4c41"),
    ];

    public static bool IsKnown(string? key) => key is not null && Colours.Any(c => c.Key == key);

    /// <summary>The header's class for a unit's stored colour (an unknown or missing one falls back to the default).</summary>
    public static string CssClass(string? key) => $"theme-{(IsKnown(key) ? key : Default)}";
}
