using Services.Data;
using Services.Web;
using Services.Web.Observability;
using Services.Web.Setup;
using Services.Workflows;

var builder = WebApplication.CreateBuilder(args);

builder.AddPortalLogging(toStandardError: PortalCommands.IsCommand(args));
builder.Services.AddServicesData(builder.Configuration);
builder.Services.AddServicesWorkflows(builder.Configuration);
builder.Services.AddServicesWeb(builder.Configuration, builder.Environment);

var app = builder.Build();

if (PortalCommands.IsCommand(args))
{
    return await PortalCommands.RunAsync(app, args);
}

app.UseServicesWeb();
await app.RunAsync();
return 0;
