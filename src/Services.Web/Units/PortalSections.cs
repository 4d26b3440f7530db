namespace Services.Web.Units;

/// <summary>The sections every unit portal shows in its main navigation (Circular 37, Art. 8–9), in order.</summary>
public static class PortalSections
{
    public const string About = "gioi-thieu";
    public const string News = "tin-tuc";
    public const string Documents = "van-ban";
    public const string Procedures = "thu-tuc";
    public const string OnlineServices = "dich-vu-cong";
    public const string Consultations = "gop-y";
    public const string Disclosures = "cong-khai";
    public const string Contact = "lien-he";

    /// <summary>Digital resources (học liệu số), linked from the unit's home page rather than the main navigation.</summary>
    public const string DigitalResources = "hoc-lieu";

    public static readonly IReadOnlyList<(string Slug, string ResourceKey)> All =
    [
        (About, "Nav.About"),
        (News, "Nav.News"),
        (Documents, "Nav.Documents"),
        (Procedures, "Nav.Procedures"),
        (OnlineServices, "Nav.OnlineServices"),
        (Consultations, "Nav.Consultations"),
        (Disclosures, "Nav.Disclosures"),
        (Contact, "Nav.Contact"),
    ];
}
