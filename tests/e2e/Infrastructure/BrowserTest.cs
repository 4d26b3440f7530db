using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace Services.Tests.E2e.Infrastructure;

/// <summary>
/// Base for browser tests: each test gets its own context (cookies) and page, and a failing test leaves a full-page
/// screenshot of every page it opened, plus the app's recent log, in tests/e2e/screenshots/ (git-ignored).
/// </summary>
public abstract class BrowserTest(PortalApp app)
{
    private readonly List<IBrowserContext> _contexts = [];
    private int _width;
    private int _height;

    protected PortalApp App { get; } = app;

    public static string ScreenshotFolder => Path.Combine(PortalApp.RepositoryRoot, "tests", "e2e", "screenshots");

    protected async Task WithPageAsync(Func<IPage, Task> test, int width = 1280, int height = 800, [CallerMemberName] string name = "")
    {
        (_width, _height) = (width, height);
        try
        {
            var page = await NewPageAsync();
            try
            {
                await test(page);
            }
            catch
            {
                await SaveEvidenceAsync($"{GetType().Name}.{name}.{width}x{height}");
                throw;
            }
        }
        finally
        {
            foreach (var context in _contexts)
            {
                await context.DisposeAsync();
            }

            _contexts.Clear();
        }
    }

    /// <summary>A page in a new context (a second visitor, or the same person on another device) at the test's viewport.</summary>
    protected async Task<IPage> NewPageAsync()
    {
        var context = await App.NewContextAsync(_width, _height);
        _contexts.Add(context);
        return await context.NewPageAsync();
    }

    /// <summary>Navigates and returns the response, failing clearly when there is none (e.g. an aborted navigation).</summary>
    protected static async Task<IResponse> GoAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(path);
        Assert.NotNull(response);
        return response;
    }

    private async Task SaveEvidenceAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var pages = _contexts.SelectMany(c => c.Pages).ToList();
        for (var i = 0; i < pages.Count; i++)
        {
            try
            {
                var suffix = pages.Count == 1 ? "" : $".{i + 1}";
                await pages[i].ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, $"{name}{suffix}.png"), FullPage = true });
            }
            catch (PlaywrightException)
            {
                // The page itself broke (closed, crashed); the original failure is the one worth reporting.
            }
        }

        await File.WriteAllTextAsync(Path.Combine(ScreenshotFolder, $"{name}.app.log"), App.LogTail(100));
    }
}
