using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Services.Data;
using Services.Workflows;
using Services.Workflows.Runtime;
using Workflows.Bench;

// The workflow runtime's benchmark (issue 3, P3 and P4 in shared/QUALITY.md). See bench/README.md.
var seconds = Argument("--seconds", 15);
var concurrency = Argument("--concurrency", 16);
var timerCount = Argument("--timers", 100_000);
var windowSeconds = Argument("--window", 0);
var deadlineTimers = Argument("--deadline-timers", 100_000);
var batchInstances = Argument("--batch-instances", 10_000);
// --only-new skips the pgbench yardstick, P3 and P4, to measure the batch raise and P4b alone.
var onlyNew = args.Contains("--only-new");

var admin = Environment.GetEnvironmentVariable("ConnectionStrings__PortalAdmin")
    ?? throw new InvalidOperationException("ConnectionStrings__PortalAdmin is not set (./portal bench sets it).");
var server = new NpgsqlConnectionStringBuilder(admin);
const string BenchDb = "portal_bench_workflows";
const string PgbenchDb = "portal_bench_pgbench";
var invariant = CultureInfo.InvariantCulture;

Console.WriteLine($"Workflow runtime benchmark — PostgreSQL on {server.Host}:{server.Port}, {Environment.ProcessorCount} cores, {concurrency} connections, {seconds} s per phase");

double pgbenchTps = 0;
if (!onlyNew)
{
    // 1. pgbench's simple-update (-N) TPS on the same server, same concurrency, as the yardstick.
    await RecreateAsync(PgbenchDb);
    Run("pgbench", $"-i -q -s 10 {PgArgs(PgbenchDb)}");
    var pgbenchOutput = Run("pgbench", $"-N -M prepared -c {concurrency} -j {Math.Min(concurrency, Environment.ProcessorCount)} -T {seconds} -n {PgArgs(PgbenchDb)}");
    pgbenchTps = double.Parse(Regex.Match(pgbenchOutput, @"tps = ([0-9.]+)").Groups[1].Value, invariant);
    Console.WriteLine($"pgbench -N (simple-update, prepared): {pgbenchTps:N0} TPS");
    await DropAsync(PgbenchDb);
}

// 2. A fresh, migrated portal database for the runtime.
await RecreateAsync(BenchDb);
var benchConnection = new NpgsqlConnectionStringBuilder(admin)
{
    Database = BenchDb,
    MaxPoolSize = 200,
}.ConnectionString;
await using (var provider = Node(backgroundWorkers: false))
await using (var scope = provider.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Database.MigrateAsync();
}

var system = Actor.System("bench");
if (!onlyNew)
{
    double startsPerSecond, transitionsPerSecond;
    await using (var node = Node(backgroundWorkers: false))
    {
        var runtime = node.GetRequiredService<WorkflowRuntime>();
        var unit = Guid.NewGuid();

        // 3. Starts: each writes the instance, its journal entry, a task (due date in working days) and two timers.
        var started = await ForAsync(concurrency, seconds, async (worker, i) =>
        {
            var state = new JsonObject { ["applicantEmail"] = "phuhuynh@example.vn", ["applicantName"] = "Phạm Thu Hà" };
            await runtime.StartAsync(BenchDossierWorkflow.DefinitionName, unit, $"S-{worker}-{i}", state, system);
        });
        startsPerSecond = started / (double)seconds;
        Console.WriteLine($"instances started: {startsPerSecond:N0}/s ({started:N0} in {seconds} s)");

        // 4. Transitions: each worker moves its own instances back and forth with fresh event ids.
        const int PerWorker = 64;
        var instances = new Guid[concurrency][];
        for (var w = 0; w < concurrency; w++)
        {
            instances[w] = new Guid[PerWorker];
            for (var k = 0; k < PerWorker; k++)
            {
                instances[w][k] = (await runtime.StartAsync(BenchPingPongWorkflow.DefinitionName, unit, $"P-{w}-{k}", null, system)).InstanceId;
            }
        }

        var transitions = await ForAsync(concurrency, seconds, async (worker, i) =>
        {
            var round = i / PerWorker;
            var result = await runtime.RaiseAsync(instances[worker][i % PerWorker], new WorkflowEvent($"e-{worker}-{i}", round % 2 == 0 ? "ping" : "pong"), system);
            if (result.Outcome != TransitionOutcome.Applied)
            {
                throw new InvalidOperationException($"Transition not applied: {result.Outcome}");
            }
        });
        transitionsPerSecond = transitions / (double)seconds;
        Console.WriteLine($"transitions: {transitionsPerSecond:N0}/s ({transitions:N0} in {seconds} s)");
    }

    var ratio = transitionsPerSecond / pgbenchTps;
    Console.WriteLine($"P3 transitions/s ÷ pgbench TPS = {ratio:0.00} (goal ≥ 0.5): {(ratio >= 0.5 ? "met" : "NOT met")}");

    // 5. Timers: N instances waiting, N signal timers due over a window, fired by two "app nodes".
    var window = windowSeconds > 0 ? windowSeconds : (int)Math.Clamp(Math.Ceiling(timerCount / (0.6 * transitionsPerSecond)), 30, 300);
    await using (var setup = NpgsqlDataSource.Create(benchConnection))
    {
        var t0 = DateTimeOffset.UtcNow.AddSeconds(10);
        await using var batch = setup.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "INSERT INTO workflow_instances (id, definition_name, definition_version, status, current_step, unit_id, correlation, state, row_version, journal_seq, " +
            "last_journal_hash, created_at, updated_at) SELECT gen_random_uuid(), 'bench-ping', 1, 'Running', 'a', gen_random_uuid(), 'T-' || i, '{}', 1, 0, " +
            "repeat('0', 64), now(), now() FROM generate_series(1, $1) i")
        { Parameters = { new() { Value = timerCount } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "INSERT INTO workflow_timers (id, instance_id, kind, step, event_name, due_at, status, attempt, created_at) " +
            "SELECT gen_random_uuid(), id, 'Signal', 'a', 'ping', $1 + make_interval(secs => $2 * random()), 'Pending', 1, now() " +
            "FROM workflow_instances WHERE correlation LIKE 'T-%'")
        { Parameters = { new() { Value = t0 }, new() { Value = (double)window } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("ANALYZE workflow_timers"));
        await batch.ExecuteNonQueryAsync();
    }

    Console.WriteLine($"timers: {timerCount:N0} pending, due at random over {window} s ({timerCount / (double)window:N0}/s), 2 timer workers");
    await using (var nodeA = Node(backgroundWorkers: true))
    await using (var nodeB = Node(backgroundWorkers: true))
    await using (var watch = NpgsqlDataSource.Create(benchConnection))
    {
        await FireUntilDoneAsync([nodeA, nodeB], watch,
            "SELECT count(*) FROM workflow_timers WHERE status = 'Pending' AND step = 'a' AND kind = 'Signal'", TimeSpan.FromSeconds(1),
            DateTimeOffset.UtcNow.AddSeconds(window + 120));

        await using var lag = watch.CreateCommand(
            "SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY ms), percentile_cont(0.99) WITHIN GROUP (ORDER BY ms), max(ms) FROM (" +
            "SELECT extract(epoch FROM fired_at - due_at) * 1000 AS ms FROM workflow_timers WHERE kind = 'Signal' AND status = 'Fired') t");
        await using var reader = await lag.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (fired, p50, p99, max) = (reader.GetInt64(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3));
        await reader.DisposeAsync();
        await using var twice = watch.CreateCommand(
            "SELECT count(*) FROM workflow_journal j JOIN workflow_instances i ON i.id = j.instance_id WHERE i.correlation LIKE 'T-%'");
        var journalEntries = (long)(await twice.ExecuteScalarAsync())!;
        Console.WriteLine($"timers fired: {fired:N0} of {timerCount:N0}; transitions journaled: {journalEntries:N0} (each timer fired once: {(fired == timerCount && journalEntries == timerCount ? "yes" : "NO")})");
        Console.WriteLine($"P4 timer lag p50 {p50:N0} ms, p99 {p99:N0} ms, max {max:N0} ms (goal p99 < 1000 ms): {(p99 < 1000 && fired == timerCount ? "met" : "NOT met")}");
    }
}

// 6. Batch raise: one event on every instance waiting in a step, in saved slices (resumable after a crash).
await InsertWaitingAsync("B-", batchInstances, null);
await using (var node = Node(backgroundWorkers: false))
{
    var batches = node.GetRequiredService<BatchRaises>();
    var clock = Stopwatch.StartNew();
    var batchId = await batches.CreateAsync(BenchPingPongWorkflow.DefinitionName, "a", "ping", system);
    var progress = (await batches.WorkAsync(batchId, CancellationToken.None))!;
    clock.Stop();
    // The batch raises every instance waiting in step "a": the batchInstances inserted for it and those the earlier phases left there.
    Console.WriteLine($"batch raise: {progress.Raised:N0} instances waiting in step a ({batchInstances:N0} inserted for it, the rest left by the earlier phases) raised in {clock.Elapsed.TotalSeconds:0.0} s " +
        $"({progress.Raised / clock.Elapsed.TotalSeconds:N0}/s; slices of {node.GetRequiredService<Microsoft.Extensions.Options.IOptions<WorkflowOptions>>().Value.BatchRaiseSize}, progress saved after each)");
}

// 7. P4b: a deadline — every timer due in the same second (an admissions confirmation), fired by two app nodes.
var deadlineAt = DateTimeOffset.UtcNow.AddSeconds(15);
await InsertWaitingAsync("D-", deadlineTimers, deadlineAt);
Console.WriteLine($"deadline: {deadlineTimers:N0} timers all due at the same second, 2 timer workers");
await using (var nodeA = Node(backgroundWorkers: true))
await using (var nodeB = Node(backgroundWorkers: true))
await using (var watch = NpgsqlDataSource.Create(benchConnection))
{
    await FireUntilDoneAsync([nodeA, nodeB], watch, "SELECT count(*) FROM workflow_timers WHERE status = 'Pending' AND kind = 'Signal'",
        TimeSpan.FromMilliseconds(500), deadlineAt.AddSeconds(180));

    await using var result = watch.CreateCommand(
        "SELECT count(*), max(t.fired_at), (SELECT count(*) FROM workflow_journal j JOIN workflow_instances d ON d.id = j.instance_id WHERE d.correlation LIKE 'D-%') " +
        "FROM workflow_timers t JOIN workflow_instances i ON i.id = t.instance_id WHERE i.correlation LIKE 'D-%' AND t.status = 'Fired'");
    await using var reader = await result.ExecuteReaderAsync();
    await reader.ReadAsync();
    var (fired, last, journaled) = (reader.GetInt64(0), reader.IsDBNull(1) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(1), reader.GetInt64(2));
    var lastAfter = last is { } l ? (l - deadlineAt).TotalSeconds : double.PositiveInfinity;
    var once = fired == deadlineTimers && journaled == deadlineTimers;
    Console.WriteLine($"deadline timers fired: {fired:N0} of {deadlineTimers:N0}; transitions journaled: {journaled:N0} (each exactly once: {(once ? "yes" : "NO")})");
    Console.WriteLine($"P4b {deadlineTimers:N0} timers due in the same second, last fired {lastAfter:0.0} s after (goal: each once, last within 60 s): " +
        $"{(once && lastAfter <= 60 ? "met" : "NOT met")}");
}

NpgsqlConnection.ClearAllPools();
await DropAsync(BenchDb);
return 0;

// Instances of the ping-pong workflow waiting in step a, written in one statement; with a due time, each with one signal timer then.
async Task InsertWaitingAsync(string prefix, int count, DateTimeOffset? dueAt)
{
    await using var setup = NpgsqlDataSource.Create(benchConnection);
    await using var batch = setup.CreateBatch();
    batch.BatchCommands.Add(new NpgsqlBatchCommand(
        "INSERT INTO workflow_instances (id, definition_name, definition_version, status, current_step, unit_id, correlation, state, row_version, journal_seq, " +
        "last_journal_hash, created_at, updated_at) SELECT gen_random_uuid(), 'bench-ping', 1, 'Running', 'a', gen_random_uuid(), $1 || i, '{}', 1, 0, " +
        "repeat('0', 64), now(), now() FROM generate_series(1, $2) i")
    { Parameters = { new() { Value = prefix }, new() { Value = count } } });
    if (dueAt is { } due)
    {
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "INSERT INTO workflow_timers (id, instance_id, kind, step, event_name, due_at, status, attempt, created_at) " +
            "SELECT gen_random_uuid(), id, 'Signal', 'a', 'ping', $1, 'Pending', 1, now() FROM workflow_instances WHERE correlation LIKE $2")
        { Parameters = { new() { Value = due }, new() { Value = prefix + "%" } } });
    }

    batch.BatchCommands.Add(new NpgsqlBatchCommand("ANALYZE workflow_instances"));
    batch.BatchCommands.Add(new NpgsqlBatchCommand("ANALYZE workflow_timers"));
    await batch.ExecuteNonQueryAsync();
}

// Two app nodes' timer workers, started after the version check as the app's host runs them, until no timer the query
// counts is pending (or the time to give up); then stopped.
static async Task FireUntilDoneAsync(ServiceProvider[] nodes, NpgsqlDataSource watch, string pendingSql, TimeSpan poll, DateTimeOffset giveUp)
{
    foreach (var node in nodes)
    {
        await node.GetRequiredService<WorkflowVersionCheck>().StartAsync(CancellationToken.None);
    }

    var workers = nodes.Select(n => (IHostedService)n.GetRequiredService<TimerWorker>()).ToList();
    foreach (var worker in workers)
    {
        await worker.StartAsync(CancellationToken.None);
    }

    long pending;
    do
    {
        await Task.Delay(poll);
        await using var count = watch.CreateCommand(pendingSql);
        pending = (long)(await count.ExecuteScalarAsync())!;
    }
    while (pending > 0 && DateTimeOffset.UtcNow < giveUp);

    foreach (var worker in workers)
    {
        await worker.StopAsync(CancellationToken.None);
    }
}

ServiceProvider Node(bool backgroundWorkers)
{
    var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ConnectionStrings:Portal"] = benchConnection,
        ["Workflows:RunBackgroundWorkers"] = backgroundWorkers ? "true" : "false",
        ["Workflows:PollInterval"] = "00:00:00.100",
        ["Workflows:TimerParallelism"] = "8",
        ["Portal:DataPath"] = Path.GetTempPath(),
    }).Build();
    var services = new ServiceCollection();
    services.AddSingleton<IConfiguration>(configuration);
    services.AddLogging();
    services.AddServicesData(configuration);
    services.AddServicesWorkflows(configuration);
    services.AddWorkflow<BenchDossierWorkflow>();
    services.AddWorkflow<BenchPingPongWorkflow>();
    return services.BuildServiceProvider();
}

// Runs `body` on `workers` concurrent loops for `duration` seconds; returns how many calls completed in time.
static async Task<long> ForAsync(int workers, int duration, Func<int, int, Task> body)
{
    long done = 0;
    var stopAt = Stopwatch.GetTimestamp() + (long)(duration * (double)Stopwatch.Frequency);
    await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
    {
        for (var i = 0; Stopwatch.GetTimestamp() < stopAt; i++)
        {
            await body(worker, i);
            Interlocked.Increment(ref done);
        }
    })));
    return done;
}

string PgArgs(string database) =>
    $"-h {server.Host} -p {server.Port} -U {server.Username} {database}";

string Run(string file, string arguments)
{
    var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
    if (!string.IsNullOrEmpty(server.Password))
    {
        start.Environment["PGPASSWORD"] = server.Password;
    }

    using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
    var stdout = process.StandardOutput.ReadToEndAsync();
    var stderr = process.StandardError.ReadToEndAsync();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {stderr.Result}");
    }

    return stdout.Result + stderr.Result;
}

async Task RecreateAsync(string database)
{
    await DropAsync(database);
    await using var connection = new NpgsqlConnection(admin);
    await connection.OpenAsync();
    await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
    await create.ExecuteNonQueryAsync();
}

async Task DropAsync(string database)
{
    await using var connection = new NpgsqlConnection(admin);
    await connection.OpenAsync();
    await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
    await drop.ExecuteNonQueryAsync();
}

int Argument(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
