using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.Playwright;
using Services.Tests.E2e.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Services.Tests.E2e.Admin;

/// <summary>
/// Issue 14's unit set-up in Chromium, at phone and desktop size, in Vietnamese and English, with axe-core on each page:
/// a school's administrator finds the set-up in the workplace navigation, is told what is wrong with a bad address, then
/// changes the header colour, the logo and the contacts, and adds a leader; the school's home and introduction show them at once.
/// </summary>
public sealed class PortalSetupTests(InProcessPortal portal) : IClassFixture<InProcessPortal>
{
    [Theory]
    [InlineData(1366, 900, "th-le-loi")]
    [InlineData(390, 844, "th-nguyen-binh-khiem")]
    public async Task ASchoolsAdministratorChangesTheColourLogoAndContactsAndTheSchoolsHomeShowsThem(int width, int height, string school)
    {
        var admin = await portal.NewPageAsync(width, height);
        await StaffAccounts.SignInAsync(admin, await StaffAccounts.CreateAsync(portal.ConnectionString, school, "UnitAdmin", "Phạm Quản Trị"), $"/can-bo/{school}");
        var menu = admin.Locator("button[aria-controls=workplace-links]");
        if (await menu.IsVisibleAsync())
        {
            await menu.ClickAsync();
        }

        await admin.Locator($"#nav-portal-setup-{school}").ClickAsync();
        await Expect(admin.Locator("h1")).ToContainTextAsync("Thiết lập cổng thông tin");
        await AssertAccessibleAsync(admin, width);

        // A bad address is refused with its reason beside the field; nothing is kept.
        await admin.Locator("#Input_ManagementSystemUrl").FillAsync("javascript:alert(1)");
        await admin.Locator("#portal-setup-save").ClickAsync();
        await Expect(admin.Locator("#error-ManagementSystemUrl")).ToHaveTextAsync("Địa chỉ phải bắt đầu bằng http:// hoặc https:// và không quá 500 ký tự.");
        await AssertAccessibleAsync(admin, width);

        await admin.Locator("#Input_ManagementSystemUrl").FillAsync("https://qlnt.example.vn/truong");
        await admin.Locator("#Input_Address").FillAsync("25 Đường Phượng Vĩ, phường Tân Thạnh");
        await admin.Locator("#Input_Phone").FillAsync("028 3777 6655");
        await admin.Locator("#Input_Email").FillAsync("lienhe@truong.example.vn");
        await admin.Locator("label[for=colour-xanh-la]").ClickAsync();
        await admin.Locator("#Input_Logo").SetInputFilesAsync(new FilePayload { Name = "logo.png", MimeType = "image/png", Buffer = Png(96, 48) });
        await admin.Locator("#portal-setup-save").ClickAsync();
        await Expect(admin.Locator("#saved")).ToBeVisibleAsync();
        await Expect(admin.Locator("#logo-preview")).ToBeVisibleAsync();
        await Expect(admin.Locator("#colour-xanh-la")).ToBeCheckedAsync();
        await AssertAccessibleAsync(admin, width);

        // The English set-up page, as an administrator reading English sees it.
        await admin.GotoAsync($"/en/quan-tri/{school}/cong-thong-tin");
        await Expect(admin.Locator("h1")).ToContainTextAsync("Portal set-up");
        await AssertAccessibleAsync(admin, width);

        // The school's leaders: one added in the blank row (first with a bad e-mail, refused), shown on the introduction page.
        await admin.GotoAsync($"/quan-tri/{school}/cong-thong-tin");
        await admin.Locator("#leaders-link").ClickAsync();
        await Expect(admin.Locator("h1")).ToContainTextAsync("Lãnh đạo đơn vị");
        await AssertAccessibleAsync(admin, width);
        var added = admin.Locator("fieldset.leader-row").Last;
        await added.GetByLabel("Họ và tên").FillAsync("Ngô Thị Lan");
        await added.GetByLabel("Chức vụ", new() { Exact = true }).FillAsync("Phó Hiệu trưởng");
        await added.GetByLabel("Chức vụ (tiếng Anh)").FillAsync("Deputy Principal");
        await added.GetByLabel("Thư điện tử").FillAsync("khong-phai-thu");
        await admin.Locator("#leaders-save").ClickAsync();
        await Expect(admin.Locator("#error-summary")).ToContainTextAsync("Thư điện tử không hợp lệ.");
        await AssertAccessibleAsync(admin, width);
        await admin.Locator("fieldset.leader-row").Last.GetByLabel("Thư điện tử").FillAsync("lan.ngo@truong.example.vn");
        await admin.Locator("#leaders-save").ClickAsync();
        await Expect(admin.Locator("#saved")).ToBeVisibleAsync();

        var reader = await portal.NewPageAsync(width, height);
        foreach (var (path, title) in new[] { ($"/{school}/gioi-thieu", "Phó Hiệu trưởng"), ($"/en/{school}/gioi-thieu", "Deputy Principal") })
        {
            Assert.Equal(200, (await reader.GotoAsync(path))!.Status);
            var row = reader.Locator("main tr", new() { HasText = "Ngô Thị Lan" });
            await Expect(row).ToContainTextAsync(title);
            await Expect(row.Locator("a[href='mailto:lan.ngo@truong.example.vn']")).ToBeVisibleAsync();
            await AssertAccessibleAsync(reader, width);
        }

        // The school's home, in Vietnamese and English, for any visitor.
        var visitor = await portal.NewPageAsync(width, height);
        foreach (var (path, label) in new[] { ($"/{school}", "Hệ thống quản lý nhà trường"), ($"/en/{school}", "School management system") })
        {
            Assert.Equal(200, (await visitor.GotoAsync(path))!.Status);
            await Expect(visitor.Locator("#portal-header")).ToHaveClassAsync("portal-header theme-xanh-la");
            Assert.Equal("rgb(27, 94, 32)", await visitor.Locator("#portal-header").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
            Assert.True(await visitor.Locator("#portal-logo").EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 96"), "the logo is not shown");
            var footer = visitor.Locator("footer");
            await Expect(footer).ToContainTextAsync("25 Đường Phượng Vĩ, phường Tân Thạnh");
            await Expect(footer.Locator("a[href='tel:02837776655']")).ToHaveTextAsync("028 3777 6655");
            await Expect(footer.Locator("a[href='mailto:lienhe@truong.example.vn']")).ToBeVisibleAsync();
            await Expect(footer.Locator("#management-system")).ToHaveAttributeAsync("href", "https://qlnt.example.vn/truong");
            await Expect(footer.Locator("#management-system")).ToHaveTextAsync(label);
            await AssertAccessibleAsync(visitor, width);
        }
    }

    /// <summary>A real PNG of one colour (what the browser must decode and show), written here: no image file is committed.</summary>
    private static byte[] Png(int width, int height)
    {
        var rows = new byte[height * ((width * 3) + 1)];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = i % ((width * 3) + 1) == 0 ? (byte)0 : (byte)(i % 3 == 0 ? 0x1B : 0xC0);
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(rows);
        }

        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)height);
        header[8] = 8; // bits per channel
        header[9] = 2; // RGB
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR"u8, header);
        Chunk(png, "IDAT"u8, compressed.ToArray());
        Chunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    private static void Chunk(MemoryStream png, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(number, (uint)data.Length);
        png.Write(number);
        byte[] typed = [.. type, .. data];
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typed));
        png.Write(number);
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }

    private static async Task AssertAccessibleAsync(IPage page, int width)
    {
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            $"{page.Url} scrolls sideways at {width}px.");
        await Axe.AssertNoViolationsAsync(page);
    }
}
