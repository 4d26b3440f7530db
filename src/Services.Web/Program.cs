using Services.Web;
using Services.Web.Setup;

// Offline: needs neither configuration nor database (audit).
if (args is [VerifyHistoryCommand.Verb, ..])
{
    return await VerifyHistoryCommand.RunAsync(args);
}

// Disposed at the end, so the log lines still queued for the background writer are written (commands included).
await using var app = PortalApp.Build(args);

if (PortalCommands.IsCommand(args))
{
    return await PortalCommands.RunAsync(app, args);
}

app.UseServicesWeb();
await app.RunAsync();
return 0;
