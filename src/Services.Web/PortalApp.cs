using Services.Data;
using Services.Web.Observability;
using Services.Web.Setup;
using Services.Workflows;

namespace Services.Web;

/// <summary>Builds the portal application; Program.cs and the integration tests share it.</summary>
public static class PortalApp
{
    /// <param name="configure">Runs first: settings and extra registrations a test adds beside the portal's own.</param>
    /// <param name="replaceServices">Runs last: registrations that replace the portal's own (e.g. a test's mail sender).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, Action<IServiceCollection>? replaceServices = null)
    {
        // The application name must be this assembly's, also when a test host starts the portal, or no page is found.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(PortalApp).Assembly.GetName().Name });
        configure?.Invoke(builder);
        builder.AddPortalLogging(toStandardError: PortalCommands.IsCommand(args));
        builder.Services.AddServicesData(builder.Configuration);
        builder.Services.AddServicesWorkflows(builder.Configuration);
        builder.Services.AddServicesWeb(builder.Configuration, builder.Environment);
        replaceServices?.Invoke(builder.Services);
        return builder.Build();
    }
}
