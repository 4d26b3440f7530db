using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Services.Data;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Samples;
using Services.Workflows;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Workflows;

/// <summary>
/// One "app process" for tests: its own service provider and connection pool on the shared test database, with the
/// background loops off so tests drive the timer worker and the dispatcher themselves.
/// </summary>
public sealed class WorkflowNode : IAsyncDisposable
{
    private WorkflowNode(ServiceProvider services) => Services = services;

    public ServiceProvider Services { get; }
    public WorkflowRuntime Runtime => Services.GetRequiredService<WorkflowRuntime>();
    public TaskService Tasks => Services.GetRequiredService<TaskService>();
    public TaskQueries Queue => Services.GetRequiredService<TaskQueries>();
    public InstanceQueries Instances => Services.GetRequiredService<InstanceQueries>();
    public JournalVerifier Verifier => Services.GetRequiredService<JournalVerifier>();
    public TimerWorker Timers => Services.GetRequiredService<TimerWorker>();
    public OutboxDispatcher Outbox => Services.GetRequiredService<OutboxDispatcher>();
    public OutboxAdmin OutboxAdmin => Services.GetRequiredService<OutboxAdmin>();
    public IncidentService Incidents => Services.GetRequiredService<IncidentService>();
    public FlakyDependency Flaky => Services.GetRequiredService<FlakyDependency>();
    public HolidayCalendar Holidays => Services.GetRequiredService<HolidayCalendar>();

    public static WorkflowNode Start(TestDatabase database, ManualClock clock, string mailDirectory, WorkflowDefinition[]? definitions = null,
        IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = database.ConnectionString,
            ["Portal:DataPath"] = mailDirectory,
            ["Mail:PickupDirectory"] = mailDirectory,
            ["Workflows:RunBackgroundWorkers"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<FlakyDependency>();
        services.AddServicesData(configuration);
        services.AddServicesWorkflows(configuration);
        foreach (var definition in definitions ?? [new SampleLeaveWorkflow(), new SampleTimerWorkflow(), new SampleFlakyWorkflow()])
        {
            services.AddSingleton(definition);
        }

        return new WorkflowNode(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
    }

    /// <summary>Runs the timer worker until no timer is due.</summary>
    public async Task<int> FireDueTimersAsync()
    {
        var total = 0;
        for (int fired; (fired = await Timers.RunOnceAsync(CancellationToken.None)) > 0;)
        {
            total += fired;
        }

        return total;
    }

    public async Task<int> DispatchOutboxAsync()
    {
        var total = 0;
        for (int handled; (handled = await Outbox.RunOnceAsync(CancellationToken.None)) > 0;)
        {
            total += handled;
        }

        return total;
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
