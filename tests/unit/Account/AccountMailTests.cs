using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Localization;
using Services.Web.Localization;
using Services.Web.Pages.Account;
using Services.Workflows.Notifications;

namespace Services.Tests.Unit.Account;

public sealed class AccountMailTests
{
    [Fact]
    public void LinksAreBuiltFromTheConfiguredPublicAddressOnly()
    {
        var mail = Create(new() { ["Portal:PublicBaseUrl"] = "https://giaoduc.example.vn/" }, Environments.Production);
        Assert.Equal("https://giaoduc.example.vn/en/tai-khoan/dat-lai-mat-khau", mail.Link("/en/tai-khoan/dat-lai-mat-khau"));
    }

    [Fact]
    public void OutsideDevelopmentThereIsNoFallbackAddress() =>
        Assert.Throws<InvalidOperationException>(() => Create([], Environments.Production));

    [Fact]
    public void InDevelopmentTheFallbackIsAFixedLocalAddressNotTheRequest() =>
        Assert.Equal("http://localhost:5000/tai-khoan/xac-nhan-email", Create([], Environments.Development).Link("/tai-khoan/xac-nhan-email"));

    [Theory]
    [InlineData("ftp://giaoduc.example.vn")]
    [InlineData("https://giaoduc.example.vn/portal")]
    [InlineData("https://giaoduc.example.vn/?x=1")]
    [InlineData("giaoduc.example.vn")]
    public void APublicAddressThatIsNotAnOriginIsRefused(string configured) =>
        Assert.Throws<InvalidOperationException>(() => Create(new() { ["Portal:PublicBaseUrl"] = configured }, Environments.Production));

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

    private static AccountMail Create(Dictionary<string, string?> settings, string environment) =>
        new(new NoMail(), new NoText(), new Services.Web.Security.PublicLinks(
            new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), new Environment(environment)));

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Services.Web";
        public string ContentRootPath { get; set; } = "";
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }

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
