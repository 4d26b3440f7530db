using System.Text.RegularExpressions;

namespace Services.Tests.Unit.Security;

/// <summary>
/// The CSP allows styles and scripts only from the portal's own files (style-src 'self', script-src 'self'), so a
/// style attribute or an inline script in a page is silently dropped by the browser — and the e2e tests, which bypass
/// the CSP to inject axe-core, would not notice. No page may carry one; a JSON or JSON-LD data block is not a script.
/// </summary>
public sealed partial class NoInlineStyleOrScriptTests
{
    [Fact]
    public void No_page_has_a_style_attribute_or_an_inline_script()
    {
        var offences = Pages()
            .SelectMany(file => File.ReadAllLines(file).Select((line, i) => (file, line, number: i + 1)))
            .Where(l => Offends(l.line))
            .Select(l => $"{Path.GetRelativePath(RepositoryRoot(), l.file)}:{l.number}: {l.line.Trim()}")
            .ToList();

        Assert.True(Pages().Any(), "No .cshtml page found under src/Services.Web.");
        Assert.True(offences.Count == 0, string.Join(Environment.NewLine, offences));
    }

    [Theory]
    [InlineData("<p style=\"white-space: pre-line\">@Model.Body</p>", true)]
    [InlineData("<span STYLE='color:red'>x</span>", true)]
    [InlineData("<script>document.title = 'x';</script>", true)]
    [InlineData("<script type=\"module\">import './a.js';</script>", true)]
    [InlineData("<p class=\"text-lines\">@Model.Body</p>", false)]
    [InlineData("<script src=\"~/js/site.js\" asp-append-version=\"true\"></script>", false)]
    [InlineData("<script type=\"application/ld+json\">@Html.Raw(Model.JsonLd)</script>", false)]
    [InlineData("<script type=\"application/json\" id=\"chart-data\">@Json.Serialize(data)</script>", false)]
    public void The_check_tells_an_inline_style_or_script_from_a_class_a_file_or_a_data_block(string line, bool offends) =>
        Assert.Equal(offends, Offends(line));

    private static bool Offends(string line) =>
        StyleAttribute().IsMatch(line)
        || InlineScript().Matches(line).Any(m => !m.Value.Contains("src=", StringComparison.OrdinalIgnoreCase)
                                                  && !m.Value.Contains("application/ld+json", StringComparison.OrdinalIgnoreCase)
                                                  && !m.Value.Contains("application/json", StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<string> Pages() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "src", "Services.Web"), "*.cshtml", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ServicesPortal.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Run the tests from inside the repository.");
    }

    [GeneratedRegex(@"\sstyle\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StyleAttribute();

    [GeneratedRegex(@"<script\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InlineScript();
}
