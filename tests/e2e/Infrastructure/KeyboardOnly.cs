using Microsoft.Playwright;

namespace Services.Tests.E2e.Infrastructure;

/// <summary>
/// A visitor without a mouse: focus moves only with Tab, and every control is used with the keys a keyboard user
/// has (typing, Space, Enter, arrows). Reaching a control proves it is in the tab order; a focus ring proves they
/// can see where they are.
/// </summary>
public static class KeyboardOnly
{
    private const int MaxPresses = 80;

    /// <summary>Presses Tab until <paramref name="target"/> has the focus, and checks the focus is drawn.</summary>
    public static async Task TabToAsync(IPage page, ILocator target)
    {
        for (var presses = 0; presses < MaxPresses; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement"))
            {
                var ring = await target.EvaluateAsync<string>(
                    "e => { const s = getComputedStyle(e); return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 ? 'outline' : (s.boxShadow !== 'none' ? 'shadow' : 'none'); }");
                Assert.True(ring != "none", $"The focused control has no visible focus indicator: {await target.EvaluateAsync<string>("e => e.outerHTML.slice(0, 200)")}");
                return;
            }
        }

        Assert.Fail($"{MaxPresses} presses of Tab never reached {target}: it is not in the tab order.");
    }

    /// <summary>Tabs to a field and types into it.</summary>
    public static async Task TypeAsync(IPage page, ILocator field, string text)
    {
        await TabToAsync(page, field);
        await page.Keyboard.TypeAsync(text);
    }

    /// <summary>
    /// Tabs to a date field and types the date into its segments. The segments' order is the browser's own (day first
    /// for a Vietnamese browser, month first for an American one): if day-month-year did not give the date, Shift+Tab
    /// goes back to the first segment and month-day-year is typed, as a person would correct it.
    /// </summary>
    public static async Task TypeDateAsync(IPage page, ILocator field, DateOnly date)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        var expected = date.ToString("yyyy-MM-dd", invariant);
        await TabToAsync(page, field);
        await page.Keyboard.TypeAsync(date.ToString("ddMMyyyy", invariant));
        if (await field.InputValueAsync() != expected)
        {
            await page.Keyboard.PressAsync("Shift+Tab");
            await page.Keyboard.PressAsync("Shift+Tab");
            await page.Keyboard.TypeAsync(date.ToString("MMddyyyy", invariant));
        }

        await Assertions.Expect(field).ToHaveValueAsync(expected);
    }

    /// <summary>Tabs to a button or link and presses Enter.</summary>
    public static async Task ActivateAsync(IPage page, ILocator control)
    {
        await TabToAsync(page, control);
        await page.Keyboard.PressAsync("Enter");
    }

    /// <summary>Tabs to a checkbox and ticks it with Space.</summary>
    public static async Task CheckAsync(IPage page, ILocator box)
    {
        await TabToAsync(page, box);
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(box).ToBeCheckedAsync();
    }
}
