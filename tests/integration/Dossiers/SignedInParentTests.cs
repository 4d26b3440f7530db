using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Services.Data.Identity;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Integration.Security;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Dossiers;

/// <summary>
/// A parent with an account is helped by it: a new application starts with the account's name and e-mail filled in,
/// and the parent's own dossiers open from "Hồ sơ của tôi" without the date of birth — while nobody else, signed in or
/// not, gets a dossier without its second factor.
/// </summary>
public sealed class SignedInParentTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string School = "th-nguyen-binh-khiem";

    [Fact]
    public async Task TheOwnerOpensTheirDossierWithoutTheDateOfBirthAndNobodyElseDoes()
    {
        await using var portal = await StartSeededAsync();
        var owner = await Visitor.Setup.CreateCitizenAsync(portal);
        var code = await SubmitAsAsync(portal, owner);

        using var signedIn = new Visitor(portal);
        (await signedIn.SignInAsync(owner, Visitor.Setup.DemoPassword)).Dispose();
        var mine = await signedIn.Http.GetStringAsync(new Uri("/tai-khoan/ho-so-cua-toi", UriKind.Relative));
        Assert.Contains($"/tra-cuu-ho-so?ma={code}", mine, StringComparison.Ordinal);
        using (var opened = await signedIn.GetAsync($"/tra-cuu-ho-so?ma={code}"))
        {
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
            Assert.Contains("id=\"dossier-status\"", await opened.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A second factor that is given is checked, even for the owner: a wrong one answers as for any other code.
        using (var wrong = await signedIn.PostFormAsync("/tra-cuu-ho-so", new Dictionary<string, string> { ["ma"] = code, ["ngay-sinh"] = "1990-01-01" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        }

        var someoneElse = await Visitor.Setup.CreateCitizenAsync(portal);
        using var other = new Visitor(portal);
        (await other.SignInAsync(someoneElse, Visitor.Setup.DemoPassword)).Dispose();
        using var anonymous = new Visitor(portal);
        foreach (var visitor in new[] { other, anonymous })
        {
            using var get = await visitor.GetAsync($"/tra-cuu-ho-so?ma={code}");
            Assert.Equal(HttpStatusCode.OK, get.StatusCode); // the empty form, as for any code
            Assert.DoesNotContain("id=\"dossier-status\"", await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using var post = await visitor.PostFormAsync("/tra-cuu-ho-so", new Dictionary<string, string> { ["ma"] = code, ["ngay-sinh"] = "1990-01-01" });
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }
    }

    [Fact]
    public async Task ANewApplicationStartsWithTheAccountsNameAndEmailButAnAnonymousOneEmpty()
    {
        await using var portal = await StartSeededAsync();
        var parent = await Visitor.Setup.CreateCitizenAsync(portal);
        using var signedIn = new Visitor(portal);
        (await signedIn.SignInAsync(parent, Visitor.Setup.DemoPassword)).Dispose();
        using var anonymous = new Visitor(portal);

        // A one-page application (student status).
        var onePage = $"/{School}/dich-vu/giay-xac-nhan-hoc-sinh";
        var filled = WebUtility.HtmlDecode(await signedIn.Http.GetStringAsync(new Uri(onePage, UriKind.Relative)));
        Assert.Contains($"value=\"{parent}\"", filled, StringComparison.Ordinal);
        Assert.Contains("value=\"Trần Thị Bình\"", filled, StringComparison.Ordinal);
        var empty = WebUtility.HtmlDecode(await anonymous.Http.GetStringAsync(new Uri(onePage, UriKind.Relative)));
        Assert.DoesNotContain("value=\"Trần Thị Bình\"", empty, StringComparison.Ordinal);

        // A generic form: the draft starts with the answers, so the first page shows them.
        var form = $"/{School}/dich-vu/xin-nghi-hoc";
        using var started = await signedIn.PostFormAsync(form, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var firstPage = WebUtility.HtmlDecode(await signedIn.Http.GetStringAsync(started.Headers.Location!));
        Assert.Contains($"value=\"{parent}\"", firstPage, StringComparison.Ordinal);
        Assert.Contains("value=\"Trần Thị Bình\"", firstPage, StringComparison.Ordinal);
        using var startedAnonymously = await anonymous.PostFormAsync(form, new Dictionary<string, string>());
        var anonymousPage = WebUtility.HtmlDecode(await anonymous.Http.GetStringAsync(startedAnonymously.Headers.Location!));
        Assert.DoesNotContain("value=\"Trần Thị Bình\"", anonymousPage, StringComparison.Ordinal);
    }

    private static async Task<string> SubmitAsAsync(RunningPortal portal, string email)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email);
        var actor = new Actor(user!.Id, null, null, "127.0.0.1", user.FullName);
        return (await LeaveApplication.SubmitAsync(portal.Services, School, citizen: actor)).Code;
    }

    private async Task<RunningPortal> StartSeededAsync()
    {
        var portal = await RunningPortal.StartAsync(database.ConnectionString);
        await portal.SeedDemoCityAsync();
        return portal;
    }
}
