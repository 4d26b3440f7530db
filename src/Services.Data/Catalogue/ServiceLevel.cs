namespace Services.Data.Catalogue;

/// <summary>
/// How much of a procedure can be done online, in the terms of Decree 42/2022/NĐ-CP. The older scale
/// (Decree 43/2011) called these level 4 and level 3; both are still printed side by side on catalogues.
/// </summary>
public enum ServiceLevel
{
    /// <summary>No online service: the dossier is submitted in person or by post.</summary>
    Offline = 0,

    /// <summary>"Một phần" (formerly level 3): submitted online, but something (a fee, the result) is handled in person.</summary>
    Partial = 1,

    /// <summary>"Toàn trình" (formerly level 4): the whole procedure, from submission to result, is online.</summary>
    Full = 2,
}

public static class ServiceLevels
{
    /// <summary>The level on the pre-2022 scale (Decree 43/2011): 4 for full, 3 for partial, none for offline.</summary>
    public static int? LegacyLevel(this ServiceLevel level) => level switch
    {
        ServiceLevel.Full => 4,
        ServiceLevel.Partial => 3,
        _ => null,
    };
}
