using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Services.Data.Identity;
using Services.Tests.Integration.Catalogue;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Samples;
using Services.Web.Security;

namespace Services.Tests.Integration.Holidays;

/// <summary>The system administrator keeps the holidays of any year; a missing next year is called out. The clock is set, not today's.</summary>
public sealed partial class HolidayPagesHttpTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly ManualClock Clock = new(new DateTimeOffset(2030, 6, 1, 3, 0, 0, TimeSpan.Zero));
    private RunningPortal _portal = null!;

    public async Task InitializeAsync()
    {
        _portal = await RunningPortal.StartAsync(database.ConnectionString, configure: builder =>
        {
            builder.Services.AddSingleton<TimeProvider>(Clock);
            builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
            builder.Services.Configure<AuthenticationOptions>(o => o.DefaultAuthenticateScheme = HeaderAuthentication.SchemeName);
        });
        await _portal.SeedDemoCityAsync(); // every page's layout needs the city's department
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task TheAdminAddsNextYearsHolidayAndTheWarningGoes()
    {
        var admin = ClientAs(PortalRole.SystemAdmin);
        var before = await ReadAsync(await admin.GetAsync("/he-thong/ngay-nghi?nam=2031"));
        Assert.Contains("Chưa có ngày nghỉ lễ nào của năm sau", before, StringComparison.Ordinal);

        using var refused = await admin.PostAsync("/he-thong/ngay-nghi?handler=Add", Form(before, "2031-01-01", "Tết\u202E Dương lịch", "New Year's Day"));
        Assert.Equal((HttpStatusCode)422, refused.StatusCode);

        using var added = await admin.PostAsync("/he-thong/ngay-nghi?handler=Add", Form(before, "2031-01-01", "Tết Dương lịch", "New Year's Day"));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);

        var after = await ReadAsync(await admin.GetAsync("/he-thong/ngay-nghi?nam=2031"));
        Assert.Contains("01/01/2031", after, StringComparison.Ordinal);
        Assert.Contains("Tết Dương lịch", after, StringComparison.Ordinal);
        Assert.DoesNotContain("Chưa có ngày nghỉ lễ nào của năm sau", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffCannotOpenTheHolidayPage()
    {
        using var response = await ClientAs(PortalRole.Staff).GetAsync("/he-thong/ngay-nghi");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private HttpClient ClientAs(PortalRole role)
    {
        var client = _portal.NewClient();
        client.DefaultRequestHeaders.Add(HeaderAuthentication.Header, PortalClaims.MembershipValue(Guid.NewGuid(), role));
        return client;
    }

    private static FormUrlEncodedContent Form(string page, string date, string nameVi, string nameEn) => new(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = TokenPattern().Match(page).Groups[1].Value,
        ["ngay"] = date,
        ["ten-vi"] = nameVi,
        ["ten-en"] = nameEn,
    });

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
}
