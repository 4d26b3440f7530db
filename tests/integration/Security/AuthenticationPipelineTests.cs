using System.Collections.Concurrent;
using System.Net;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Services.Tests.Integration.Infrastructure;

namespace Services.Tests.Integration.Security;

/// <summary>
/// ADR 0041: schemes that answer requests themselves (OpenIddict's token server and token validation) are offered the
/// import API's requests only; the pages are authenticated by the sign-in cookie alone, and once. A watching scheme of
/// the same kind records every request it is offered.
/// </summary>
public sealed class AuthenticationPipelineTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task OnlyTheImportApisRequestsAreOfferedToSchemesThatAnswerRequests()
    {
        var offered = new ConcurrentQueue<string>();
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString, configure: builder =>
        {
            builder.Services.AddSingleton(offered);
            builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, WatchingHandler>("watching", _ => { });
        });
        await portal.SeedDemoCityAsync();

        foreach (var page in new[] { "/healthz", "/tai-khoan/dang-nhap", "/tra-cuu-diem" })
        {
            using var response = await portal.Client.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{page}: {(int)response.StatusCode}");
        }

        Assert.Empty(offered);

        using (await portal.Client.GetAsync("/api/khong-co"))
        {
        }

        Assert.Equal(["/api/khong-co"], offered);
    }

    private sealed class WatchingHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ConcurrentQueue<string> offered)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder), IAuthenticationRequestHandler
    {
        public Task<bool> HandleRequestAsync()
        {
            offered.Enqueue(Request.Path);
            return Task.FromResult(false);
        }

        protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());
    }
}
