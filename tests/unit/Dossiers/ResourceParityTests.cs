using System.Xml.Linq;

namespace Services.Tests.Unit.Dossiers;

/// <summary>Every Vietnamese string of the catalogue and the attachment messages has its English twin, and the reverse.</summary>
public sealed class ResourceParityTests
{
    [Theory]
    [InlineData("src/Services.Web/Resources/Localization/CatalogueResource")]
    [InlineData("src/Services.Web/Resources/Localization/OperationsResource")]
    [InlineData("src/Services.Workflows/Dossiers/Attachments/AttachmentMessages")]
    public void The_English_resource_has_exactly_the_Vietnamese_keys(string baseName)
    {
        var root = RepositoryRoot();
        var vietnamese = Keys(Path.Combine(root, baseName + ".resx"));
        var english = Keys(Path.Combine(root, baseName + ".en.resx"));

        Assert.NotEmpty(vietnamese);
        Assert.Equal(vietnamese.Order(StringComparer.Ordinal), english.Order(StringComparer.Ordinal));
    }

    private static List<string> Keys(string path) =>
        XDocument.Load(path).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToList();

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ServicesPortal.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Run the tests from inside the repository.");
    }
}
