using Services.Tests.E2e.Infrastructure;

namespace Services.Tests.E2e.Portal;

/// <summary>A1/A2/A3: every public page a citizen uses answers in Vietnamese and English, at phone and desktop size, without axe-core violations.</summary>
[Collection(SharedPortal.Name)]
public sealed class PublicPagesTests(PortalApp app) : BrowserTest(app)
{
    private static readonly string[] Paths =
    [
        "/th-nguyen-binh-khiem/gioi-thieu",
        "/th-nguyen-binh-khiem/lien-he",
        "/th-nguyen-binh-khiem/thu-tuc",
        "/th-nguyen-binh-khiem/thu-tuc/NH-01",
        "/so-gd-dt/thu-tuc",
        "/th-nguyen-binh-khiem/dich-vu-cong",
        "/th-nguyen-binh-khiem/dich-vu/xin-nghi-hoc",
        "/tra-cuu-ho-so",
    ];

    public static TheoryData<string, string, int, int> Pages()
    {
        var data = new TheoryData<string, string, int, int>();
        foreach (var path in Paths)
        {
            foreach (var (width, height) in new[] { (1280, 800), (390, 844) })
            {
                data.Add(path, "vi", width, height);
                data.Add("/en" + path, "en", width, height);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public Task PublicPageAnswersInItsLanguageWithoutAccessibilityViolations(string path, string lang, int width, int height) =>
        WithPageAsync(async page =>
        {
            var response = await GoAsync(page, path);
            Assert.Equal(200, response.Status);
            Assert.Equal(lang, await page.Locator("html").GetAttributeAsync("lang"));
            Assert.Equal(1, await page.Locator("main h1").CountAsync());
            // Nothing pushes the page sideways on a phone: wide tables scroll inside their own box.
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
                $"{path} scrolls sideways at {width} px");
            await Axe.AssertNoViolationsAsync(page);
        }, width, height, $"{nameof(PublicPageAnswersInItsLanguageWithoutAccessibilityViolations)}{path.Replace('/', '_')}_{width}");
}
