using Microsoft.Extensions.Localization;
using Services.Data.Catalogue;

namespace Services.Web.Catalogue;

/// <summary>Service levels as they appear in catalogue URLs (<c>?muc-do=toan-trinh</c>) and their resource keys.</summary>
public static class ServiceLevelSlugs
{
    public static readonly IReadOnlyList<(ServiceLevel Level, string Slug, string ResourceKey)> All =
    [
        (ServiceLevel.Full, "toan-trinh", "Level.Full"),
        (ServiceLevel.Partial, "mot-phan", "Level.Partial"),
        (ServiceLevel.Offline, "truc-tiep", "Level.Offline"),
    ];

    public static ServiceLevel? Parse(string? slug) =>
        All.Where(l => l.Slug == slug).Select(l => (ServiceLevel?)l.Level).FirstOrDefault();

    public static string ResourceKey(ServiceLevel level) => All.Single(l => l.Level == level).ResourceKey;

    /// <summary>"Toàn trình (mức độ 4)": the Decree 42/2022 name with the older level people still know.</summary>
    public static string Label(IStringLocalizer localizer, ServiceLevel level)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        var name = localizer[ResourceKey(level)].Value;
        return level.LegacyLevel() is { } legacy ? localizer["Level.WithLegacy", name, legacy].Value : name;
    }

    /// <summary>Bootstrap badge colours: the more of the procedure online, the stronger the colour.</summary>
    public static string BadgeClass(ServiceLevel level) => level switch
    {
        ServiceLevel.Full => "text-bg-success",
        ServiceLevel.Partial => "text-bg-primary",
        _ => "text-bg-secondary",
    };
}
