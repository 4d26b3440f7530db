using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace Services.Tests.E2e.Infrastructure;

/// <summary>
/// Base for browser tests: each test gets its own context (cookies) and page, and a failing test leaves a full-page
/// screenshot in tests/e2e/screenshots/ (git-ignored) named after it.
/// </summary>
public abstract class BrowserTest(PortalApp app)
{
    protected PortalApp App { get; } = app;

    public static string ScreenshotFolder => Path.Combine(PortalApp.RepositoryRoot, "tests", "e2e", "screenshots");

    protected async Task WithPageAsync(Func<IPage, Task> test, int width = 1280, int height = 800, [CallerMemberName] string name = "")
    {
        await using var context = await App.NewContextAsync(width, height);
        var page = await context.NewPageAsync();
        try
        {
            await test(page);
        }
        catch
        {
            Directory.CreateDirectory(ScreenshotFolder);
            var file = Path.Combine(ScreenshotFolder, $"{GetType().Name}.{name}.{width}x{height}.png");
            try
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
            }
            catch (PlaywrightException)
            {
                // The page itself broke (closed, crashed); the original failure is the one worth reporting.
            }

            throw;
        }
    }

    /// <summary>Navigates and returns the response, failing clearly when there is none (e.g. an aborted navigation).</summary>
    protected static async Task<IResponse> GoAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(path);
        Assert.NotNull(response);
        return response;
    }
}
