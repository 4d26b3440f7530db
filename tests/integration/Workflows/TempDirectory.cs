namespace Services.Tests.Integration.Workflows;

/// <summary>A mail pickup folder of its own for each test, deleted afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"portal-mail-{Guid.NewGuid():N}")).FullName;

    public IReadOnlyList<string> Files => Directory.GetFiles(Path, "*.eml");

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
