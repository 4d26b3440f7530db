namespace Services.Data.Units;

/// <summary>A unit's logo as its administrator uploaded it: a small PNG or JPEG, checked by its bytes, served as is.</summary>
public sealed class UnitLogo
{
    public Guid UnitId { get; set; }

    /// <summary><c>image/png</c> or <c>image/jpeg</c>, from the file's signature, never from what the browser claimed.</summary>
    public required string ContentType { get; set; }

    public required byte[] Content { get; set; }
}
