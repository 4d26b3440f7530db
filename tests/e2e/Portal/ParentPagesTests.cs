using Microsoft.Playwright;
using Services.Tests.E2e.Infrastructure;

namespace Services.Tests.E2e.Portal;

/// <summary>The pages a parent reads before applying, at phone and desktop size, axe-core clean (issue 9, parents).</summary>
[Collection(SharedPortal.Name)]
public sealed class ParentPagesTests(PortalApp app) : BrowserTest(app)
{
    private static readonly string[] ProcedureFacts = ["Đối tượng thực hiện", "Cơ quan thực hiện", "Kết quả thực hiện"];

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 900)]
    public Task TheCatalogueShowsEveryColumnWithoutASidewaysScroll(int width, int height) =>
        WithPageAsync(async page =>
        {
            await GoAsync(page, "/th-nguyen-binh-khiem/thu-tuc");
            var row = page.Locator("main tr", new() { HasText = "NH-01" });
            var submit = row.GetByRole(AriaRole.Link, new() { Name = "Nộp hồ sơ trực tuyến" });
            await Assertions.Expect(submit).ToBeVisibleAsync();
            // The link and the processing time sit inside the screen, not behind a horizontal scroll.
            foreach (var cell in new[] { submit, row.Locator("td", new() { HasText = "ngày làm việc" }) })
            {
                var box = await cell.BoundingBoxAsync();
                Assert.NotNull(box);
                Assert.True(box.X >= 0 && box.X + box.Width <= width, $"{await cell.InnerTextAsync()} lies outside the {width} px screen");
            }

            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
                + " && [...document.querySelectorAll('main *')].filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)).every(e => e.scrollWidth <= e.clientWidth + 1)"),
                "something in the catalogue scrolls sideways");
            await Axe.AssertNoViolationsAsync(page);
        }, width, height, $"{nameof(TheCatalogueShowsEveryColumnWithoutASidewaysScroll)}_{width}");

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 900)]
    public Task TheProcedurePageSaysWhoAppliesWhoDecidesAndWhatComesOut(int width, int height) =>
        WithPageAsync(async page =>
        {
            await GoAsync(page, "/th-nguyen-binh-khiem/thu-tuc/NH-01");
            foreach (var term in ProcedureFacts)
            {
                await Assertions.Expect(page.Locator("dt", new() { HasTextString = term })).ToBeVisibleAsync();
            }

            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Yêu cầu, điều kiện thực hiện" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("Số lượng hồ sơ:")).ToBeVisibleAsync();
            await Axe.AssertNoViolationsAsync(page);
        }, width, height, $"{nameof(TheProcedurePageSaysWhoAppliesWhoDecidesAndWhatComesOut)}_{width}");
}
