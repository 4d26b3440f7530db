using Serilog;
using Serilog.Events;
using Serilog.Formatting.Json;
using Serilog.Sinks.SystemConsole.Themes;

namespace Services.Web.Observability;

public static class PortalLogging
{
    private const string ReadableTemplate = "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}";

    /// <summary>
    /// JSON lines to a daily rolling file in <c>{Portal:DataPath}/logs</c>. The console is for whoever reads it: one
    /// coloured line per event when a person watches it (a terminal, or Development), JSON lines when a machine
    /// collects it (Production with redirected output). Both are written by one background worker (Serilog.Sinks.Async):
    /// a request only queues its line, so requests never wait on each other's log writes (ADR 0033); the queue is
    /// drained when the host stops, and a kill -9 loses at most the last second of lines, never a journal entry.
    /// </summary>
    /// <remarks>Under a command verb (<c>setup</c>, <c>schema</c>…) the console lines go to stderr, leaving stdout to the command.</remarks>
    public static WebApplicationBuilder AddPortalLogging(this WebApplicationBuilder builder, bool toStandardError = false)
    {
        var dataPath = builder.Configuration["Portal:DataPath"] ?? ".data";
        var jsonConsole = !builder.Environment.IsDevelopment() && Console.IsOutputRedirected;
        var standardErrorFrom = toStandardError ? LogEventLevel.Verbose : (LogEventLevel?)null;
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            // Each sink has its own background writer: under a rush (20,000 requests/s) one writer formatting every line
            // twice fell behind, its queue filled and requests waited on it (ADR 0033, amended).
            .WriteTo.Async(
                sink => sink.File(
                    new JsonFormatter(renderMessage: true),
                    Path.Combine(dataPath, "logs", "portal-.json"),
                    rollingInterval: RollingInterval.Day,
                    retainedFileCountLimit: 30,
                    buffered: true,
                    flushToDiskInterval: TimeSpan.FromSeconds(1)),
                bufferSize: 100_000, blockWhenFull: true)
            .WriteTo.Async(
                sink =>
                {
                    if (jsonConsole)
                    {
                        sink.Console(new JsonFormatter(renderMessage: true), standardErrorFromLevel: standardErrorFrom);
                    }
                    else
                    {
                        sink.Console(outputTemplate: ReadableTemplate, theme: AnsiConsoleTheme.Code, standardErrorFromLevel: standardErrorFrom,
                            formatProvider: System.Globalization.CultureInfo.InvariantCulture);
                    }
                },
                bufferSize: 100_000, blockWhenFull: true);

        builder.Logging.ClearProviders();
        var logger = configuration.CreateLogger();
        builder.Services.AddSerilog(logger, dispose: true);
        // The request logging middleware would otherwise write through the static Log.Logger, which this app never sets.
        builder.Services.AddSingleton<Serilog.ILogger>(logger);
        return builder;
    }

    /// <summary>One line per request (Serilog's), with the correlation id and the unit the request was for.</summary>
    public static WebApplication UsePortalRequestLogging(this WebApplication app)
    {
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseSerilogRequestLogging(o =>
        {
            o.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            o.EnrichDiagnosticContext = (diagnostics, http) =>
            {
                if (http.GetRouteValue("unit") is string unit)
                {
                    diagnostics.Set("Unit", unit);
                }
            };
        });
        return app;
    }
}
