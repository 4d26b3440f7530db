using Services.Web;
using Services.Web.Setup;

var app = PortalApp.Build(args);

if (PortalCommands.IsCommand(args))
{
    return await PortalCommands.RunAsync(app, args);
}

app.UseServicesWeb();
await app.RunAsync();
return 0;
