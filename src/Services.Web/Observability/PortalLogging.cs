using Serilog;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace Services.Web.Observability;

public static class PortalLogging
{
    /// <summary>JSON-lines logs to the console and to a daily rolling file in <c>{Portal:DataPath}/logs</c>.</summary>
    /// <remarks>Under a command verb (<c>setup</c>, <c>schema</c>…) the console lines go to stderr, leaving stdout to the command.</remarks>
    public static WebApplicationBuilder AddPortalLogging(this WebApplicationBuilder builder, bool toStandardError = false)
    {
        var dataPath = builder.Configuration["Portal:DataPath"] ?? ".data";
        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Console(new JsonFormatter(renderMessage: true), standardErrorFromLevel: toStandardError ? LogEventLevel.Verbose : null)
            .WriteTo.File(
                new JsonFormatter(renderMessage: true),
                Path.Combine(dataPath, "logs", "portal-.json"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 30,
                shared: true)
            .CreateLogger();

        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        return builder;
    }
}
