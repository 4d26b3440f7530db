using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace Services.Tests.E2e.Infrastructure;

/// <summary>
/// Runs axe-core (installed from npm into src/Services.Web/node_modules) on the current page and fails on any
/// violation, listing each rule, its impact and the offending elements.
/// </summary>
public static class Axe
{
    private static readonly Lazy<string> Source = new(() =>
    {
        var file = Path.Combine(PortalApp.RepositoryRoot, "src", "Services.Web", "node_modules", "axe-core", "axe.min.js");
        return File.Exists(file)
            ? File.ReadAllText(file)
            : throw new InvalidOperationException($"{file} is missing: run npm ci in src/Services.Web (./portal test does).");
    });

    public static async Task AssertNoViolationsAsync(IPage page)
    {
        // The page's CSP forbids inline scripts; the test context bypasses CSP for exactly this injection.
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = Source.Value });
        var json = await page.EvaluateAsync<string>(
            "async () => JSON.stringify((await axe.run(document, { resultTypes: ['violations'] })).violations)");
        using var violations = JsonDocument.Parse(json);
        if (violations.RootElement.GetArrayLength() == 0)
        {
            return;
        }

        var report = new StringBuilder($"axe-core found {violations.RootElement.GetArrayLength()} violation(s) on {page.Url}:\n");
        foreach (var violation in violations.RootElement.EnumerateArray())
        {
            report.Append("- ").Append(violation.GetProperty("id").GetString())
                .Append(" (").Append(violation.GetProperty("impact").ToString()).Append("): ")
                .Append(violation.GetProperty("help").GetString()).Append('\n');
            foreach (var node in violation.GetProperty("nodes").EnumerateArray().Take(5))
            {
                report.Append("    ").Append(node.GetProperty("target").ToString()).Append("  ")
                    .Append(node.GetProperty("failureSummary").GetString()?.Replace("\n", " ", StringComparison.Ordinal)).Append('\n');
            }
        }

        Assert.Fail(report.ToString());
    }
}
