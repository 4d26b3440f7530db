using Services.Data;
using Services.Web.Observability;
using Services.Web.Setup;
using Services.Workflows;

namespace Services.Web;

/// <summary>Builds the portal application; Program.cs and the integration tests share it.</summary>
public static class PortalApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddPortalLogging(toStandardError: PortalCommands.IsCommand(args));
        builder.Services.AddServicesData(builder.Configuration);
        builder.Services.AddServicesWorkflows(builder.Configuration);
        builder.Services.AddServicesWeb(builder.Configuration, builder.Environment);
        return builder.Build();
    }
}
