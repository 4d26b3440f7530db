using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Identity;
using Services.Web.Security;
using Services.Workflows.Journal;

namespace Services.Web.Setup;

/// <summary>
/// Verbs of <c>Services.Web.dll</c> used by ./portal: <c>migrate</c> (schema only — what production runs),
/// <c>seed-demo</c> (the demo city with its accounts, whose password and two-factor secrets it prints; only
/// <c>./portal run</c> and the e2e tests call it), <c>totp USER</c>, <c>schema</c> (the model's DDL, to write the next
/// migration from), <c>verify-journal [--published FILE|URL]</c> (exit status 1 on any problem, checked against a
/// published copy of the checkpoints if given).
/// </summary>
public static class PortalCommands
{
    /// <summary>The feed is written with the web defaults (camelCase), so it is read with them.</summary>
    private static readonly JsonSerializerOptions FeedJson = new(JsonSerializerDefaults.Web);

    private static readonly string[] Verbs = ["migrate", "seed-demo", "totp", "schema", "verify-journal"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<PortalDbContext>();
        switch (args[0])
        {
            case "migrate":
                await SchemaMigration.RunAsync(app.Configuration);
                return 0;
            case "seed-demo":
                await services.GetRequiredService<DemoCitySeed>().RunAsync(CancellationToken.None);
                await services.GetRequiredService<OnlineFormSeed>().RunAsync(CancellationToken.None);
                // The campaign first: the catalogue lists the admission as an online procedure where the service is offered.
                await services.GetRequiredService<AdmissionsSeed>().RunAsync(CancellationToken.None);
                await services.GetRequiredService<CatalogueSeed>().RunAsync(CancellationToken.None);
                await PrintAccountsAsync(services);
                return 0;
            case "totp" when args.Length > 1:
                return await PrintTotpAsync(services, args[1]);
            case "schema":
                await Console.Out.WriteLineAsync(db.Database.GenerateCreateScript());
                return 0;
            case "verify-journal":
                return await VerifyJournalAsync(services, args);
            default:
                await Console.Error.WriteLineAsync("usage: Services.Web migrate | seed-demo | totp USER | schema | verify-journal [--published FILE|URL]");
                return 2;
        }
    }

    private static async Task PrintAccountsAsync(IServiceProvider services)
    {
        var users = services.GetRequiredService<UserManager<PortalUser>>();
        await Console.Out.WriteLineAsync($"""

            Demo accounts (password for all: {DemoCitySeed.DemoPassword})
            Roles other than Citizen must set up two-factor at first sign-in: scan the QR code, or type the
            secret below into an authenticator app, or run ./portal totp EMAIL to print the current code.

            """);
        foreach (var account in DemoCitySeed.Accounts)
        {
            var user = await users.FindByEmailAsync(account.Email);
            var secret = user is null || account.Role is null ? "" : await users.GetAuthenticatorKeyAsync(user) ?? "";
            var role = account.Role?.ToString() ?? "Citizen";
            var where = account.UnitSlug ?? "—";
            await Console.Out.WriteLineAsync($"  {role,-16} {account.Email,-34} unit: {where,-24} {(secret.Length > 0 ? "2FA secret: " + secret : "")}");
        }

        await Console.Out.WriteLineAsync();
    }

    /// <summary>Prints the journal's verdict; 0 when intact, 1 on any problem, 2 when the published copy cannot be read.</summary>
    private static async Task<int> VerifyJournalAsync(IServiceProvider services, string[] args)
    {
        JournalFeed? published = null;
        var at = Array.IndexOf(args, "--published");
        if (at > 0)
        {
            if (at + 1 >= args.Length)
            {
                await Console.Error.WriteLineAsync("usage: verify-journal [--published FILE|URL]");
                return 2;
            }

            var source = args[at + 1];
            try
            {
                using var http = new HttpClient();
                var json = Uri.TryCreate(source, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                    ? await http.GetStringAsync(url)
                    : await File.ReadAllTextAsync(source);
                published = JsonSerializer.Deserialize<JournalFeed>(json, FeedJson)
                    ?? throw new JsonException("empty document");
            }
            catch (Exception e) when (e is IOException or HttpRequestException or JsonException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"Cannot read the published checkpoints from {source}: {e.Message}");
                return 2;
            }
        }

        var report = await services.GetRequiredService<JournalAudit>().RunAsync(published);
        var against = report.AgainstPublishedCopy ? "against the published copy" : "against the database's own checkpoints";
        var last = report.LastCheckpoint is { } c
            ? $"last checkpoint {c.Seq} at {c.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z ({c.Entries} entries)"
            : "no checkpoint yet";
        if (report.Intact)
        {
            await Console.Out.WriteLineAsync($"journal intact: {report.Entries} entries of {report.Instances} instances; {last}; checked {against}");
            return 0;
        }

        await Console.Out.WriteLineAsync($"journal NOT intact: {report.Problems.Count} problem(s), checked {against}; {last}");
        foreach (var problem in report.Problems)
        {
            await Console.Out.WriteLineAsync($"  {problem.Kind}: {problem.Detail}");
        }

        return 1;
    }

    private static async Task<int> PrintTotpAsync(IServiceProvider services, string who)
    {
        var users = services.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByEmailAsync(who) ?? await users.FindByNameAsync(who);
        var key = user is null ? null : await users.GetAuthenticatorKeyAsync(user);
        if (key is null)
        {
            await Console.Error.WriteLineAsync($"No account '{who}' with an authenticator key.");
            return 1;
        }

        var clock = services.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();
        await Console.Out.WriteLineAsync($"{Totp.Code(key, now)}  (valid for {30 - (now.ToUnixTimeSeconds() % 30)} more seconds)");
        return 0;
    }
}
