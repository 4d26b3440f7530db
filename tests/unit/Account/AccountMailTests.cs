using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Localization;
using Services.Web.Localization;
using Services.Web.Pages.Account;
using Services.Workflows.Notifications;

namespace Services.Tests.Unit.Account;

public sealed class AccountMailTests
{
    [Fact]
    public void ConfiguredPublicAddressWinsOverAForgedHostHeader()
    {
        var mail = Create(new() { ["Portal:PublicBaseUrl"] = "https://giaoduc.example.vn/" });
        var request = new DefaultHttpContext().Request;
        request.Scheme = "http";
        request.Host = new HostString("evil.example");

        Assert.Equal("https://giaoduc.example.vn/tai-khoan/dat-lai-mat-khau", mail.Link(request, "/tai-khoan/dat-lai-mat-khau"));
    }

    [Fact]
    public void WithoutAPublicAddressTheRequestOriginIsUsed()
    {
        var mail = Create([]);
        var request = new DefaultHttpContext().Request;
        request.Scheme = "http";
        request.Host = new HostString("127.0.0.1", 5000);

        Assert.Equal("http://127.0.0.1:5000/en/tai-khoan/xac-nhan-email", mail.Link(request, "/en/tai-khoan/xac-nhan-email"));
    }

    [Theory]
    [InlineData("CfDJ8+abc/def==")]
    [InlineData("token with spaces and ư")]
    public void TokensSurviveTheTripThroughALink(string token) =>
        Assert.Equal(token, AccountMail.DecodeToken(AccountMail.EncodeToken(token)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("%%%")]
    public void MalformedCodesDecodeToNothing(string? code) => Assert.Null(AccountMail.DecodeToken(code));

    private static AccountMail Create(Dictionary<string, string?> settings) =>
        new(new NoMail(), new NoText(), new Services.Web.Security.PublicLinks(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));

    private sealed class NoMail : IMailSender
    {
        public Task SendAsync(MailMessageRequest message, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class NoText : IStringLocalizer<AccountResource>
    {
        public LocalizedString this[string name] => new(name, name);
        public LocalizedString this[string name, params object[] arguments] => new(name, name);
        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}
