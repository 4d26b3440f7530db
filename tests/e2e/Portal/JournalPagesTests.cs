using System.Text.Json;
using Microsoft.Playwright;
using Services.Tests.E2e.Infrastructure;

namespace Services.Tests.E2e.Portal;

/// <summary>
/// A1/A3 for the journal's pages: the public list of checkpoints (anyone, vi and en, phone and desktop) and the
/// auditor's check at /kiem-tra, both without axe-core violations; the seal button adds a checkpoint to the feed.
/// </summary>
[Collection(SharedPortal.Name)]
public sealed class JournalPagesTests(PortalApp app) : BrowserTest(app)
{
    [Theory]
    [InlineData("/nhat-ky-kiem-chung", "vi", 1280, 800)]
    [InlineData("/nhat-ky-kiem-chung", "vi", 390, 844)]
    [InlineData("/en/nhat-ky-kiem-chung", "en", 1280, 800)]
    [InlineData("/en/nhat-ky-kiem-chung", "en", 390, 844)]
    public Task ThePublicCheckpointPageAnswersInItsLanguageWithoutAccessibilityViolations(string path, string lang, int width, int height) =>
        WithPageAsync(async page =>
        {
            var response = await GoAsync(page, path);
            Assert.Equal(200, response.Status);
            Assert.Equal(lang, await page.Locator("html").GetAttributeAsync("lang"));
            Assert.Equal(lang == "vi" ? "Nhật ký kiểm chứng" : "Verifiable journal", await page.Locator("main h1").InnerTextAsync());
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
                $"{path} scrolls sideways at {width} px");
            await Axe.AssertNoViolationsAsync(page);
        }, width, height, $"{nameof(ThePublicCheckpointPageAnswersInItsLanguageWithoutAccessibilityViolations)}_{lang}_{width}");

    [Fact]
    public Task TheAuditorSeesTheJournalIntactAndSealsItIntoThePublicFeed() =>
        WithPageAsync(async page =>
        {
            var auditor = await StaffAccounts.CreateAsync(App, "so-gd-dt", "Auditor", "Thanh tra Kiểm Thử");
            await StaffAccounts.SignInAsync(page, auditor, "/kiem-tra/so-gd-dt");
            Assert.Contains("Nhật ký nguyên vẹn", await page.Locator("#verdict").InnerTextAsync(), StringComparison.Ordinal);
            await Axe.AssertNoViolationsAsync(page);

            await page.GetByRole(AriaRole.Button, new() { Name = "Niêm phong ngay" }).ClickAsync();
            var message = await page.Locator("#seal-message").InnerTextAsync();
            Assert.True(message.StartsWith("Đã niêm phong", StringComparison.Ordinal) || message.StartsWith("Không có bản ghi mới", StringComparison.Ordinal), message);
            Assert.Contains("Nhật ký nguyên vẹn", await page.Locator("#verdict").InnerTextAsync(), StringComparison.Ordinal);
            await Axe.AssertNoViolationsAsync(page);

            // The feed is public JSON: the signing key and every checkpoint, numbered from 1 without gaps.
            var feed = await page.APIRequest.GetAsync("/nhat-ky-kiem-chung.json");
            Assert.Equal(200, feed.Status);
            using var json = JsonDocument.Parse(await feed.TextAsync());
            Assert.Equal("ed25519", json.RootElement.GetProperty("algorithm").GetString());
            Assert.Equal(32, Convert.FromBase64String(json.RootElement.GetProperty("publicKey").GetString()!).Length);
            var numbers = json.RootElement.GetProperty("checkpoints").EnumerateArray().Select(c => c.GetProperty("seq").GetInt32()).ToList();
            Assert.Equal(Enumerable.Range(1, numbers.Count), numbers);

            await GoAsync(page, "/en/kiem-tra/so-gd-dt");
            Assert.Contains("The journal is intact", await page.Locator("#verdict").InnerTextAsync(), StringComparison.Ordinal);
            await Axe.AssertNoViolationsAsync(page);
        });
}
