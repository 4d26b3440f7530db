using System.Diagnostics.Metrics;
using System.Net;
using Npgsql;
using OpenTelemetry.Metrics;
using Services.Workflows.Operations;

namespace Services.Web.Observability;

/// <summary>
/// OpenTelemetry metrics served at <c>/metrics</c> for Prometheus: ASP.NET Core, the .NET runtime, Npgsql's own meter,
/// and the workflow runtime's gauges. The runtime's figures come from database queries at scrape time (see ADR 0010),
/// not from counters inside its hot path, so they are the same on every node and cost nothing between scrapes.
/// </summary>
public static class PortalMetrics
{
    public const string Path = "/metrics";

    public static IServiceCollection AddPortalMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.Section))
            .Validate(o => o.AllowedAddresses.All(a => IPAddress.TryParse(a, out _)), "Portal:Metrics:AllowedAddresses holds an address that is not an IP address.")
            .ValidateOnStart();
        services.AddSingleton<WorkflowGauges>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(WorkflowGauges.MeterName, "Npgsql")
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>Answers <c>/metrics</c> only to the configured addresses; anyone else falls through to the 404 page.</summary>
    public static WebApplication UsePortalMetrics(this WebApplication app)
    {
        // Created now so its instruments exist before the first scrape.
        app.Services.GetRequiredService<WorkflowGauges>();
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MetricsOptions>>().Value;
        var allowed = (options.AllowedAddresses.Length == 0 ? [IPAddress.Loopback, IPAddress.IPv6Loopback] : options.AllowedAddresses.Select(IPAddress.Parse))
            .Select(Normalize).ToHashSet();
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            context.Request.Path == Path && context.Connection.RemoteIpAddress is { } remote && allowed.Contains(Normalize(remote)));
        return app;
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}

/// <summary><c>Portal:Metrics</c>: who may read <c>/metrics</c> (after forwarded headers from trusted proxies are applied).</summary>
public sealed class MetricsOptions
{
    public const string Section = "Portal:Metrics";

    /// <summary>IP addresses; empty means loopback only. (No default items here: the binder would append to them.)</summary>
    public string[] AllowedAddresses { get; set; } = [];
}

/// <summary>The runtime's observable instruments, all fed by one cached <see cref="RuntimeSnapshot"/>.</summary>
public sealed class WorkflowGauges : IDisposable
{
    public const string MeterName = "ServicesPortal.Workflows";

    /// <summary>Scrapes from several Prometheus servers (or a quick re-scrape) within this time share one query.</summary>
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _clock;
    private readonly ILogger<WorkflowGauges> _log;
    private readonly Meter _meter;
    private readonly Lock _gate = new();
    private RuntimeSnapshot? _snapshot;
    private DateTimeOffset _readAt;

    public WorkflowGauges(NpgsqlDataSource dataSource, TimeProvider clock, IMeterFactory meters, ILogger<WorkflowGauges> log)
    {
        ArgumentNullException.ThrowIfNull(meters);
        (_dataSource, _clock, _log) = (dataSource, clock, log);
        _meter = meters.Create(MeterName);
        _meter.CreateObservableCounter("portal.workflow.transitions", () => Read(s => s.JournalEntries),
            "{transition}", "Journal entries written (one per transition); rate() gives transitions per second.");
        _meter.CreateObservableGauge("portal.workflow.timers.due", () => Read(s => s.TimersDue),
            "{timer}", "Pending timers whose due time has passed.");
        _meter.CreateObservableGauge("portal.workflow.timers.lag", () => Read(s => s.TimerLagSeconds),
            "s", "How long the oldest due timer has waited past its due time.");
        _meter.CreateObservableGauge("portal.outbox.backlog", () => Read(s => s.OutboxPending),
            "{message}", "Notifications waiting to be sent.");
        _meter.CreateObservableGauge("portal.outbox.age", () => Read(s => s.OutboxOldestSeconds),
            "s", "Age of the oldest notification waiting to be sent.");
        _meter.CreateObservableGauge("portal.outbox.dead_letters", () => Read(s => s.DeadLetters),
            "{message}", "Dead letters not yet retried or discarded.");
        _meter.CreateObservableGauge("portal.workflow.incidents.open", () => Read(s => s.OpenIncidents),
            "{incident}", "Open incidents waiting for an operator.");
    }

    public void Dispose() => _meter.Dispose();

    /// <summary>An empty measurement when the database does not answer: a gap in the graph, not a zero that reads as healthy.</summary>
    private IEnumerable<Measurement<T>> Read<T>(Func<RuntimeSnapshot, T> pick)
        where T : struct
    {
        var snapshot = Current();
        return snapshot is null ? [] : [new Measurement<T>(pick(snapshot))];
    }

    private RuntimeSnapshot? Current()
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            if (_snapshot is not null && now - _readAt < CacheFor)
            {
                return _snapshot;
            }

            try
            {
                _snapshot = RuntimeSnapshot.Read(_dataSource, now);
                _readAt = now;
            }
            catch (NpgsqlException e)
            {
                _log.LogWarning(e, "The workflow gauges could not be read from the database");
                _snapshot = null;
            }

            return _snapshot;
        }
    }
}
