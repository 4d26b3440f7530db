using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Services.Bench;

// P2b (shared/QUALITY.md): whole citizen journeys over HTTP — the form's start, every step page fetched and its answers
// saved as a draft, the review, the submit and the confirmation page with its tracking code — by concurrent parents,
// each with its own cookies, against the real portal in a child process; the load generator runs on the same machine.
// Goal ≥ 100 completed applications/s, 0 errors. Sizes: JOURNEYS_BENCH_APPLICATIONS (timed journeys, default 3,000),
// JOURNEYS_BENCH_CLIENTS (concurrent parents, 16), JOURNEYS_BENCH_WARMUP (untimed journeys first, 4,000: the portal's start-up work — the JIT's
// tiering with profile-guided optimisation, the search index's first build — is over before the clock starts, so the
// figure is the rate a node that has been serving sustains; the warm-up's own rate is printed too). See bench/README.md.
var invariant = CultureInfo.InvariantCulture;
var applications = BenchSettings.Int(args, "--applications", "JOURNEYS_BENCH_APPLICATIONS", 3_000);
var clients = BenchSettings.Int(args, "--clients", "JOURNEYS_BENCH_CLIENTS", 16);
var warmUp = BenchSettings.Int(args, "--warm-up", "JOURNEYS_BENCH_WARMUP", 4_000);
const double RateGoal = 100; // completed applications/s
const double RssGoal = 400; // MiB
const string School = "th-nguyen-binh-khiem";

Console.WriteLine($"Citizen journeys benchmark (P2b, P8) — {applications:N0} leave-of-absence applications on the generic form by {clients} parents at a time " +
                  $"after {warmUp} untimed; {Environment.ProcessorCount} cores, load {BenchSettings.Load}");
var total = Stopwatch.StartNew();

// Every journey comes from 127.0.0.1, so the per-client draft limit (30 an hour) is lifted by configuration, as a
// deployment would for a known load generator. The acknowledgements are really sent: with no SMTP server configured
// they are written as .eml files to the pickup folder under the scratch data path.
await using var portal = await BenchPortal.CreateAsync("portal_bench_journeys", new Dictionary<string, string?>
{
    ["Portal:Limits:draft-client:Limit"] = "100000000",
});
Console.WriteLine($"database migrated and seeded in {total.Elapsed.TotalSeconds:0.0} s");
await portal.StartAsync();

var (warmed, _, warmUpElapsed) = await RunAsync(portal.BaseUrl, warmUp, clients);
Console.WriteLine(string.Create(invariant,
    $"warm-up: {warmed.Count:N0} journeys in {warmUpElapsed.TotalSeconds:0.0} s ({warmed.Count / warmUpElapsed.TotalSeconds:0.0}/s while the portal's code is still being compiled and tiered), not counted"));
var webCpuBefore = portal.WebCpu();
var databaseCpuBefore = await portal.DatabaseCpuAsync();
var generatorCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var (codes, errors, elapsed) = await RunAsync(portal.BaseUrl, applications, clients);
var webCpu = portal.WebCpu() - webCpuBefore;
var generatorCpu = Process.GetCurrentProcess().TotalProcessorTime - generatorCpuBefore;
var databaseCpu = (await portal.DatabaseCpuAsync()).Sum(b => (b.Value - databaseCpuBefore.GetValueOrDefault(b.Key)).TotalMilliseconds);
var peakRss = portal.PeakRssMiB();
var rate = codes.Count / elapsed.TotalSeconds;

// Acknowledged means stored: each tracking code a dossier with its workflow instance and the school's open task.
var stored = await portal.ScalarAsync<long>(
    "SELECT count(*) FROM dossiers d JOIN workflow_instances i ON i.correlation = d.tracking_code " +
    "JOIN workflow_tasks t ON t.instance_id = i.id AND t.status = 'Open' WHERE d.tracking_code = ANY($1)", (object)codes.ToArray());
Console.WriteLine(string.Create(invariant,
    $"journeys: {codes.Count:N0} completed with a tracking code in {elapsed.TotalSeconds:0.0} s, {errors.Count} errors; {stored:N0} stored with their workflow and open task"));
// CPU per journey varies far less than the rate on a shared machine: the web process (background work included) and
// the PostgreSQL backends of the benchmark's database, between the start and the end of the timed journeys.
Console.WriteLine(string.Create(invariant,
    $"CPU per completed journey: web process {webCpu.TotalMilliseconds / Math.Max(1, codes.Count):0.0} ms, PostgreSQL backends {databaseCpu / Math.Max(1, codes.Count):0.0} ms, " +
      $"load generator {generatorCpu.TotalMilliseconds / Math.Max(1, codes.Count):0.0} ms"));
foreach (var error in errors.Take(5))
{
    Console.WriteLine($"  error: {error}");
}

Console.WriteLine(string.Create(invariant,
    $"P2b whole citizen journeys {rate:0.0} completed applications/s over HTTP ({codes.Count:N0} by {clients} parents at a time, 13 requests each, {errors.Count} errors; ratio to the goal {rate / RateGoal:0.00}) (goal ≥ {RateGoal} /s, 0 errors): {(rate >= RateGoal && errors.IsEmpty && stored == codes.Count ? "met" : "NOT met")}"));
Console.WriteLine(string.Create(invariant, $"P8 web peak RSS {peakRss:0} MiB during P2b (goal ≤ {RssGoal} MiB): {(peakRss <= RssGoal ? "met" : "NOT met")}"));
Console.WriteLine($"load after: {BenchSettings.Load}; total {total.Elapsed.TotalSeconds:0} s");
return 0;

// <paramref name="count"/> journeys, <paramref name="clients"/> at a time, each by a new parent (a browser of its own).
static async Task<(ConcurrentBag<string> Codes, ConcurrentBag<string> Errors, TimeSpan Elapsed)> RunAsync(string baseUrl, int count, int clients)
{
    var codes = new ConcurrentBag<string>();
    var errors = new ConcurrentBag<string>();
    var next = -1;
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
    {
        while (Interlocked.Increment(ref next) < count)
        {
            using var parent = new Browser(baseUrl);
            try
            {
                codes.Add(await parent.ApplyForLeaveAsync(School));
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TaskCanceledException or IOException)
            {
                errors.Add($"{e.GetType().Name}: {e.Message.Split('\n')[0]}");
            }
        }
    })));
    return (codes, errors, watch.Elapsed);
}
