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
        // The application name must be this assembly's, also when a test host starts the portal, or no page is found.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(PortalApp).Assembly.GetName().Name });
        configure?.Invoke(builder);
        builder.AddPortalLogging(toStandardError: PortalCommands.IsCommand(args));
        builder.Services.AddServicesData(builder.Configuration);
        builder.Services.AddServicesWorkflows(builder.Configuration);
        builder.Services.AddServicesWeb(builder.Configuration, builder.Environment);
        return builder.Build();
    }
}
