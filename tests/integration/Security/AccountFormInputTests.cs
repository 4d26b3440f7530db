using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Services.Tests.Integration.Infrastructure;

namespace Services.Tests.Integration.Security;

/// <summary>Finding 10 (S2): bad input on the account forms is answered in Vietnamese and nothing corrupted is stored.</summary>
public sealed partial class AccountFormInputTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Theory]
    [InlineData("Input.FullName=L%C3%AA+V%FF%FEn+An", "Input.Email=an.{0}%40example.vn")] // invalid UTF-8 in the name
    [InlineData("Input.FullName=L%C3%AA+V%C4%83n+%E2%80%AEAn", "Input.Email=an.{0}%40example.vn")] // U+202E in the name
    [InlineData("Input.FullName=L%C3%AA+V%C4%83n+An", "Input.Email=an.{0}%40example.vn%2C+c%40d.vn")] // two addresses
    [InlineData("Input.FullName=L%C3%AA+V%C4%83n+An", "Input.Email=abcdefgh{0}")] // not an address
    public async Task RegistrationRefusesTheInputWithAMessageAndStoresNothing(string name, string emailTemplate)
    {
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString);
        await portal.SeedDemoCityAsync();
        using var visitor = new Visitor(portal);
        var page = await visitor.Http.GetStringAsync(new Uri("/tai-khoan/dang-ky", UriKind.Relative));
        var token = TokenPattern().Match(page).Groups[1].Value;
        var marker = Guid.NewGuid().ToString("N");
        var body = string.Join('&', name, string.Format(System.Globalization.CultureInfo.InvariantCulture, emailTemplate, marker),
            "Input.Password=Mat-khau-dai-2026", "Input.ConfirmPassword=Mat-khau-dai-2026", "__RequestVerificationToken=" + Uri.EscapeDataString(token));
        using var content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await visitor.Http.PostAsync(new Uri("/tai-khoan/dang-ky", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(html.Contains("aria-invalid=\"true\"", StringComparison.Ordinal), html[html.IndexOf("<main", StringComparison.Ordinal)..]);
        await using var db = database.CreateContext();
        Assert.False(await db.Users.AnyAsync(u => u.Email!.Contains(marker)));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
