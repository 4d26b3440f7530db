namespace Services.Data.Identity;

/// <summary>An ASP.NET Core Data Protection key, kept in the database so every web node shares it.</summary>
public sealed class DataProtectionKey
{
    public int Id { get; set; }
    public required string FriendlyName { get; set; }
    public required string Xml { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
