using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Services.Data.Identity;
using Services.Tests.Integration.Catalogue;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Integration.Security;
using Services.Web.Security;

namespace Services.Tests.Integration.Units;

/// <summary>
/// A unit's own portal set-up (<c>/quan-tri/{unit}/cong-thong-tin</c>) over HTTP on the real portal: only the unit's own
/// administrator may open or change it; bad input and a bad logo are refused with a 422 and the reason in the visitor's
/// language, and nothing is stored or journaled; a good change is journaled once and shows on the unit's public pages.
/// </summary>
public sealed partial class PortalSetupHttpTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const string School = "th-le-loi";
    private const string Setup = $"/quan-tri/{School}/cong-thong-tin";

    /// <summary>The school the good change is made at (the class's tests share one database; the others check Lê Lợi is untouched).</summary>
    private const string Changed = "thcs-chu-van-an";
    private RunningPortal _portal = null!;
    private Dictionary<string, Guid> _units = null!;

    public async Task InitializeAsync()
    {
        _portal = await RunningPortal.StartAsync(database.ConnectionString, configure: builder =>
        {
            builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
            builder.Services.Configure<AuthenticationOptions>(o => o.DefaultAuthenticateScheme = HeaderAuthentication.SchemeName);
        });
        await _portal.SeedDemoCityAsync();
        await using var db = database.CreateContext();
        _units = await db.Units.ToDictionaryAsync(u => u.Slug, u => u.Id);
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task AnotherUnitsAdministratorAndTheSchoolsOwnStaffAreRefused()
    {
        foreach (var (unit, role, own) in new[]
                 {
                     ("th-nguyen-binh-khiem", PortalRole.UnitAdmin, "/quan-tri/th-nguyen-binh-khiem/cong-thong-tin"),
                     (School, PortalRole.Staff, $"/can-bo/{School}"),
                     ("phong-gd-long-hoa", PortalRole.Editor, "/quan-tri/phong-gd-long-hoa/noi-dung"),
                 })
        {
            var other = ClientAs(unit, role);
            using var page = await other.GetAsync(Setup);
            Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
            // With their own valid token: only the policy refuses them.
            var token = Token(await ReadAsync(await other.GetAsync(own)));
            using var post = await other.PostAsync(Setup, Form(token, Good()));
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        }

        using var anonymous = await _portal.NewClient().GetAsync(Setup);
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
        await AssertUnchangedAsync();
    }

    [Theory]
    [InlineData("", "Input.NameVi", "", "Vui lòng nhập tên đơn vị (tối đa 200 ký tự).")]
    [InlineData("", "Input.Colour", "hong", "Hãy chọn một màu trong bảng màu.")]
    [InlineData("", "Input.Colour", "\" onmouseover=\"alert(1)", "Hãy chọn một màu trong bảng màu.")]
    [InlineData("", "Input.ManagementSystemUrl", "javascript:alert(1)", "phải bắt đầu bằng http:// hoặc https://")]
    [InlineData("", "Input.ParentFeedUrl", "ftp://so.example.vn/rss.xml", "phải bắt đầu bằng http:// hoặc https://")]
    [InlineData("", "Input.Phone", "gọi cho tôi", "Số điện thoại chỉ gồm chữ số")]
    [InlineData("", "Input.Email", "khong-phai-thu", "Thư điện tử không hợp lệ.")]
    [InlineData("/en", "Input.ManagementSystemUrl", "file:///etc/passwd", "must start with http:// or https://")]
    [InlineData("/en", "Input.Colour", "pink", "Choose a colour from the palette.")]
    public async Task ABadFieldIsRefusedWithItsReasonAndNothingIsStored(string language, string field, string value, string message)
    {
        var admin = ClientAs(School, PortalRole.UnitAdmin);
        var token = Token(await ReadAsync(await admin.GetAsync(language + Setup)));
        var fields = Good();
        fields[field] = value;
        using var response = await admin.PostAsync(language + Setup, Form(token, fields, Png(64, 32)));
        var raw = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("id=\"error-summary\"", raw, StringComparison.Ordinal);
        Assert.Contains(message, WebUtility.HtmlDecode(raw), StringComparison.Ordinal);
        Assert.DoesNotContain("onmouseover=\"alert", raw, StringComparison.Ordinal);
        await AssertUnchangedAsync();
    }

    public static TheoryData<string, byte[]> BadLogos => new()
    {
        { "logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"u8.ToArray() },
        { "logo.png", "GIF89a...."u8.ToArray() }, // a GIF named and typed as a PNG
        { "logo.png", Png(1200, 300) }, // larger than the header could show
        { "logo.png", [.. Png(64, 32), .. new byte[210 * 1024]] }, // over 200 KB
        { "logo.png", [] },
    };

    [Theory]
    [MemberData(nameof(BadLogos))]
    public async Task ABadLogoIsRefusedAndNothingIsStored(string name, byte[] file)
    {
        var admin = ClientAs(School, PortalRole.UnitAdmin);
        var token = Token(await ReadAsync(await admin.GetAsync(Setup)));
        using var response = await admin.PostAsync(Setup, Form(token, Good(), file, name));
        var raw = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Biểu trưng phải là tệp PNG hoặc JPEG, tối đa 200 KB và 1000 × 1000 điểm ảnh.", raw, StringComparison.Ordinal);
        await AssertUnchangedAsync();
        using var logo = await _portal.NewClient().GetAsync($"/{School}/logo");
        Assert.Equal(HttpStatusCode.NotFound, logo.StatusCode);
    }

    [Fact]
    public async Task AGoodChangeIsJournaledOnceAndShowsOnTheSchoolsPublicPages()
    {
        const string setup = $"/quan-tri/{Changed}/cong-thong-tin";
        var admin = ClientAs(Changed, PortalRole.UnitAdmin);
        var token = Token(await ReadAsync(await admin.GetAsync(setup)));
        var png = Png(64, 32);
        using (var saved = await admin.PostAsync(setup, Form(token, Good(), png)))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            Assert.EndsWith($"{setup}?da-luu=1", saved.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        await using (var db = database.CreateContext())
        {
            var unit = await db.Units.SingleAsync(u => u.Slug == Changed);
            Assert.Equal(("Trường Tiểu học Lê Lợi (mới)", "do", "https://qlnt.example.vn/le-loi"), (unit.NameVi, unit.Colour, unit.ManagementSystemUrl));
            Assert.Equal("https://pgd.example.vn/rss.xml", (await db.ParentFeeds.SingleAsync(f => f.UnitId == unit.Id)).Url);
            var entry = Assert.Single(await db.WorkflowJournal.Where(j => j.Action == "unit.portal-changed").ToListAsync());
            Assert.Contains("https://qlnt.example.vn/le-loi", entry.Payload, StringComparison.Ordinal);
        }

        foreach (var (path, english) in new[] { ($"/{Changed}", false), ($"/en/{Changed}/gioi-thieu", true) })
        {
            var home = await ReadAsync(await _portal.NewClient().GetAsync(path));
            Assert.Contains("<header class=\"portal-header theme-do\"", home, StringComparison.Ordinal);
            Assert.Contains(english ? "Le Loi Primary School (new)" : "Trường Tiểu học Lê Lợi (mới)", home, StringComparison.Ordinal);
            Assert.Contains("12 Đường Hoa Sứ, xã Long Hòa", home, StringComparison.Ordinal);
            Assert.Contains("href=\"tel:0283999888\"", home, StringComparison.Ordinal);
            Assert.Contains("href=\"mailto:vanphong@leloi.example.vn\"", home, StringComparison.Ordinal);
            Assert.Contains("href=\"https://qlnt.example.vn/le-loi\"", home, StringComparison.Ordinal);
            Assert.DoesNotContain("style=", home, StringComparison.Ordinal);
            var src = LogoPattern().Match(home);
            Assert.True(src.Success, $"{path} shows no logo");
            using var logo = await _portal.NewClient().GetAsync(src.Groups[1].Value);
            Assert.Equal(HttpStatusCode.OK, logo.StatusCode);
            Assert.Equal("image/png", logo.Content.Headers.ContentType?.MediaType);
            Assert.Equal(png, await logo.Content.ReadAsByteArrayAsync());
            Assert.Contains("public", logo.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
            Assert.Equal(TimeSpan.FromDays(365), logo.Headers.CacheControl?.MaxAge);
        }

        // Nothing sent for the logo keeps the current one.
        var form = await ReadAsync(await admin.GetAsync(setup));
        using (var again = await admin.PostAsync(setup, Form(Token(form), Good())))
        {
            Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        }

        using var kept = await _portal.NewClient().GetAsync($"/{Changed}/logo");
        Assert.Equal(png, await kept.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task LeadersAreAddedEditedReorderedAndRemovedJournaledAndShownOnTheAboutPageAtOnce()
    {
        const string unit = "th-nguyen-binh-khiem";
        const string leaders = $"/quan-tri/{unit}/cong-thong-tin/lanh-dao";
        using (var other = await ClientAs(School, PortalRole.UnitAdmin).GetAsync(leaders))
        {
            Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        }

        var admin = ClientAs(unit, PortalRole.UnitAdmin);
        Assert.Contains($"href=\"{leaders}\"", await ReadAsync(await admin.GetAsync($"/quan-tri/{unit}/cong-thong-tin")), StringComparison.Ordinal);
        var form = await ReadAsync(await admin.GetAsync(leaders));
        Guid principal;
        await using (var db = database.CreateContext())
        {
            principal = (await db.UnitLeaders.SingleAsync(l => l.UnitId == _units[unit])).Id;
        }

        var fields = new Dictionary<string, string>
        {
            ["Leaders[0].Id"] = principal.ToString(), ["Leaders[0].Name"] = "Lý Văn Phúc", ["Leaders[0].TitleVi"] = "Hiệu trưởng",
            ["Leaders[0].TitleEn"] = "Principal", ["Leaders[0].Phone"] = "028 3822 7002", ["Leaders[0].Email"] = "hieutruong@nbk.example.vn",
            ["Leaders[0].DutiesVi"] = "Phụ trách chung.", ["Leaders[0].DutiesEn"] = "General management.", ["Leaders[0].Order"] = "2",
            ["Leaders[1].Name"] = "Ngô Thị Lan", ["Leaders[1].TitleVi"] = "Phó Hiệu trưởng", ["Leaders[1].TitleEn"] = "Deputy Principal",
            ["Leaders[1].Phone"] = "gọi cho tôi", ["Leaders[1].Email"] = "khong-phai-thu", ["Leaders[1].DutiesVi"] = "Chuyên môn; thi đua.",
            ["Leaders[1].DutiesEn"] = "Teaching; emulation.", ["Leaders[1].Order"] = "1",
        };

        // A bad phone and e-mail in the new row: refused with both reasons, nothing stored or journaled.
        using (var refused = await admin.PostAsync(leaders, Form(Token(form), fields)))
        {
            var raw = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains("Thư điện tử không hợp lệ.", raw, StringComparison.Ordinal);
            Assert.Contains("Số điện thoại chỉ gồm chữ số", raw, StringComparison.Ordinal);
            Assert.Contains("href=\"#leader-1-email\"", raw, StringComparison.Ordinal);
        }

        await AssertLeadersAsync(unit, ["Lý Văn Phúc"], journaled: 0);

        // Good: the new deputy placed first, the principal's contacts edited.
        fields["Leaders[1].Phone"] = "0909 123 456";
        fields["Leaders[1].Email"] = "lan.ngo@nbk.example.vn";
        using (var saved = await admin.PostAsync(leaders, Form(Token(form), fields)))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            Assert.EndsWith($"{leaders}?da-luu=1", saved.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        await AssertLeadersAsync(unit, ["Ngô Thị Lan", "Lý Văn Phúc"], journaled: 1);
        var about = await ReadAsync(await _portal.NewClient().GetAsync($"/{unit}/gioi-thieu"));
        Assert.True(about.IndexOf("Ngô Thị Lan", StringComparison.Ordinal) < about.IndexOf("Lý Văn Phúc", StringComparison.Ordinal), "the order is not kept");
        Assert.Contains("Phó Hiệu trưởng", about, StringComparison.Ordinal);
        Assert.Contains("href=\"mailto:lan.ngo@nbk.example.vn\"", about, StringComparison.Ordinal);
        Assert.Contains("hieutruong@nbk.example.vn", about, StringComparison.Ordinal);
        var english = await ReadAsync(await _portal.NewClient().GetAsync($"/en/{unit}/gioi-thieu"));
        Assert.Contains("Deputy Principal", english, StringComparison.Ordinal);
        Assert.Contains("Teaching; emulation.", english, StringComparison.Ordinal);

        // Removed: the principal goes from the About page.
        Guid deputy;
        await using (var db = database.CreateContext())
        {
            deputy = (await db.UnitLeaders.SingleAsync(l => l.UnitId == _units[unit] && l.Name == "Ngô Thị Lan")).Id;
        }

        var remove = new Dictionary<string, string>
        {
            ["Leaders[0].Id"] = deputy.ToString(), ["Leaders[0].Name"] = "Ngô Thị Lan", ["Leaders[0].TitleVi"] = "Phó Hiệu trưởng", ["Leaders[0].Order"] = "1",
            ["Leaders[1].Id"] = principal.ToString(), ["Leaders[1].Name"] = "Lý Văn Phúc", ["Leaders[1].TitleVi"] = "Hiệu trưởng", ["Leaders[1].Order"] = "2",
            ["Leaders[1].Remove"] = "true",
        };
        using (var removed = await admin.PostAsync(leaders, Form(Token(await ReadAsync(await admin.GetAsync(leaders))), remove)))
        {
            Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        }

        await AssertLeadersAsync(unit, ["Ngô Thị Lan"], journaled: 2);
        var after = await ReadAsync(await _portal.NewClient().GetAsync($"/{unit}/gioi-thieu"));
        Assert.DoesNotContain("Lý Văn Phúc", after, StringComparison.Ordinal);
        Assert.Contains("Ngô Thị Lan", after, StringComparison.Ordinal);
    }

    private async Task AssertLeadersAsync(string unit, string[] names, int journaled)
    {
        await using var db = database.CreateContext();
        Assert.Equal(names, await db.UnitLeaders.Where(l => l.UnitId == _units[unit]).OrderBy(l => l.SortOrder).Select(l => l.Name).ToListAsync());
        var id = _units[unit].ToString();
        Assert.Equal(journaled, await db.WorkflowJournal.CountAsync(j => j.Action == "unit.leaders-changed" && j.Payload!.Contains(id)));
    }

    private async Task AssertUnchangedAsync()
    {
        await using var db = database.CreateContext();
        var unit = await db.Units.SingleAsync(u => u.Slug == School);
        Assert.Null(unit.Colour);
        Assert.Null(unit.ManagementSystemUrl);
        Assert.Null(unit.LogoUpdatedAt);
        Assert.DoesNotContain("(mới)", unit.NameVi, StringComparison.Ordinal);
        Assert.False(await db.UnitLogos.AnyAsync(l => l.UnitId == unit.Id));
        var id = unit.Id.ToString();
        Assert.False(await db.WorkflowJournal.AnyAsync(j => j.Action == "unit.portal-changed" && j.Payload!.Contains(id)));
    }

    private static Dictionary<string, string> Good() => new()
    {
        ["Input.NameVi"] = "Trường Tiểu học Lê Lợi (mới)",
        ["Input.NameEn"] = "Le Loi Primary School (new)",
        ["Input.Address"] = "12 Đường Hoa Sứ, xã Long Hòa",
        ["Input.Phone"] = "028 3999 888",
        ["Input.Email"] = "vanphong@leloi.example.vn",
        ["Input.Colour"] = "do",
        ["Input.ManagementSystemUrl"] = "https://qlnt.example.vn/le-loi",
        ["Input.ParentFeedUrl"] = "https://pgd.example.vn/rss.xml",
    };

    private static MultipartFormDataContent Form(string token, Dictionary<string, string> fields, byte[]? logo = null, string logoName = "logo.png")
    {
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        if (logo is not null)
        {
            var file = new ByteArrayContent(logo);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(file, "Logo", logoName);
        }

        return form;
    }

    /// <summary>The signature and IHDR header of a PNG of the given size (what the check reads).</summary>
    private static byte[] Png(int width, int height)
    {
        var bytes = new byte[33];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }.CopyTo(bytes, 0);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), (uint)width);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(20), (uint)height);
        return bytes;
    }

    private HttpClient ClientAs(string unit, PortalRole role)
    {
        var client = _portal.NewClient();
        client.DefaultRequestHeaders.Add(HeaderAuthentication.Header, PortalClaims.MembershipValue(_units[unit], role));
        return client;
    }

    private static string Token(string html) =>
        TokenPattern().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("No antiforgery token on the page.");

    private static async Task<string> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("id=\"portal-logo\" src=\"([^\"]+)\"")]
    private static partial Regex LogoPattern();
}
