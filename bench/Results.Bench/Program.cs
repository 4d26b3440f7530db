using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Npgsql;

// P1 (results lookup under load) and P8 (web peak RSS during it), see bench/README.md.
// Seeds RESULTS_BENCH_CANDIDATES candidates (default 1,000,000) of a fresh exam published an hour ago in the portal's
// database (ConnectionStrings__Portal), starts the built portal as a child process with the lookup's per-client limit
// lifted for 127.0.0.1, then runs wrk (64 connections, RESULTS_BENCH_SECONDS each, default 30) against the lookup as the
// page's script asks it (JSON POSTs to /tra-cuu-diem/ket-qua, ADR 0039) and against /healthz in the same run, and, for the
// record, against the page's own form post (a browser without JavaScript). The exam and its candidates are deleted at the end.
var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Portal")
    ?? throw new InvalidOperationException("Set ConnectionStrings__Portal (./portal bench does).");
var candidates = int.Parse(Environment.GetEnvironmentVariable("RESULTS_BENCH_CANDIDATES") ?? "1000000", CultureInfo.InvariantCulture);
var seconds = int.Parse(Environment.GetEnvironmentVariable("RESULTS_BENCH_SECONDS") ?? "30", CultureInfo.InvariantCulture);
const int Connections = 64;
var root = FindRoot();
var web = Path.Combine(root, "src", "Services.Web");
var dll = Path.Combine(web, "bin", Environment.GetEnvironmentVariable("PORTAL_CONFIGURATION") ?? "Release", "net10.0", "Services.Web.dll");
var script = Path.Combine(AppContext.BaseDirectory, "lookup.lua");

await using var dataSource = NpgsqlDataSource.Create(connectionString);
var examId = Guid.NewGuid();
var seed = Stopwatch.StartNew();
await using (var command = dataSource.CreateCommand(
                 """
                 INSERT INTO exams (id, unit_id, name, kind, year, subjects, publish_at, created_at)
                 SELECT $1, id, 'Kỳ thi đo tải ' || $2, 'Graduation', 2027, '["Toán", "Ngữ văn", "Tiếng Anh"]', now() - interval '1 hour', now()
                 FROM units ORDER BY (kind = 'Department') DESC, created_at LIMIT 1
                 """))
{
    command.Parameters.AddWithValue(examId);
    command.Parameters.AddWithValue(examId.ToString("N")[..8]);
    if (await command.ExecuteNonQueryAsync() != 1)
    {
        throw new InvalidOperationException("The portal's database has no unit: run ./portal (it seeds one) first.");
    }
}

// The real table shape, one statement: numbers 00000001…, dates of birth spread over 2009 (i % 365 days after 1 January),
// scores in hundredths as an import writes them (a bare numeric division would carry twenty decimals no results file has).
await using (var command = dataSource.CreateCommand(
                 """
                 INSERT INTO exam_candidates (id, exam_id, number, full_name, date_of_birth, school, room, scores, updated_at)
                 SELECT gen_random_uuid(), $1, lpad(i::text, 8, '0'), 'Thí sinh ' || i, date '2009-01-01' + (i % 365), 'THPT số ' || (i % 300),
                        'P' || lpad((i % 40)::text, 2, '0'),
                        jsonb_build_object('Toán', round((i % 41) / 4.0, 2), 'Ngữ văn', round((i % 37) / 4.0 + 0.5, 2), 'Tiếng Anh', round((i % 29) / 4.0 + 2.5, 2)), now()
                 FROM generate_series(1, $2) AS i
                 """))
{
    command.CommandTimeout = 0;
    command.Parameters.AddWithValue(examId);
    command.Parameters.AddWithValue(candidates);
    await command.ExecuteNonQueryAsync();
}

await using (var analyze = dataSource.CreateCommand("ANALYZE exam_candidates"))
{
    await analyze.ExecuteNonQueryAsync();
}

Console.WriteLine($"seeded {candidates:N0} candidates in {seed.Elapsed.TotalSeconds:0.0} s");

var port = FreePort();
// The portal's output goes to a file, as a service's does, not through a pipe to this process: reading and splitting
// some 20,000 JSON lines a second here cost the shared cores more than some lookups did, and a reader that fell behind
// made the portal's log queue (and its memory) grow. The file is read only for the snapshot's line and an exit's reason.
var output = Path.Combine(root, ".data", "bench", "results-portal.log");
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
File.Delete(output);
var start = new ProcessStartInfo("/bin/sh")
{
    // The exemption is an argument: sh drops variables whose names are not its own kind (lookup-client has a hyphen).
    ArgumentList =
    {
        "-c", "exec dotnet \"$@\" >\"$PORTAL_OUTPUT\" 2>&1", "sh", dll, "--urls", $"http://127.0.0.1:{port}", "--contentRoot", web,
        "--Portal:Limits:lookup-client:ExemptAddresses=127.0.0.1",
    },
    Environment =
    {
        ["PORTAL_OUTPUT"] = output,
        ["ConnectionStrings__Portal"] = connectionString,
        ["Logging__LogLevel__Default"] = "Warning",
    },
};
if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("Portal__PublicBaseUrl")))
{
    start.Environment["Portal__PublicBaseUrl"] = $"http://127.0.0.1:{port}";
}

// sh execs dotnet: the child's id is the portal's.
using var app = Process.Start(start) ?? throw new InvalidOperationException("Could not start the portal.");
try
{
    var cookies = new CookieContainer();
    using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    var lookupPage = await UntilServedAsync(http, app, output);
    var waited = Stopwatch.StartNew();
    // The node holds a published exam's results in memory once its snapshot is built (ADR 0037); it says so in its log.
    var snapshot = await SnapshotLineAsync(output, examId, TimeSpan.FromMinutes(3));
    Console.WriteLine(snapshot?.Contains("Results snapshot ready", StringComparison.Ordinal) == true
        ? $"results snapshot ready {waited.Elapsed.TotalSeconds:0.0} s after the first page was served"
        : $"warning: no results snapshot of the exam ({snapshot ?? "none within 3 minutes"}); lookups read the database");
    var token = Regex.Match(lookupPage, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
    var cookie = cookies.GetCookieHeader(http.BaseAddress);
    if (token.Length == 0 || cookie.Length == 0)
    {
        throw new InvalidOperationException("No antiforgery token or cookie on /tra-cuu-diem.");
    }

    // One lookup by hand each way: the script's requests must find a result (not a 400 or a 429).
    using (var probe = await http.PostAsync("/tra-cuu-diem", new FormUrlEncodedContent(new Dictionary<string, string>
           {
               ["ky-thi"] = examId.ToString(), ["so-bao-danh"] = "00000001", ["ngay-sinh"] = "2009-01-02", ["__RequestVerificationToken"] = token,
           })))
    {
        var body = await probe.Content.ReadAsStringAsync();
        if (probe.StatusCode != HttpStatusCode.OK || !body.Contains("Thí sinh 1", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The probe form lookup answered {(int)probe.StatusCode}, without the candidate.");
        }
    }

    using (var probe = await http.PostAsync("/tra-cuu-diem/ket-qua", new StringContent(
               $$"""{"exam":"{{examId}}","number":"00000001","dateOfBirth":"2009-01-02"}""", System.Text.Encoding.UTF8, "application/json")))
    {
        var body = await probe.Content.ReadAsStringAsync();
        if (probe.StatusCode != HttpStatusCode.OK || !body.Contains("Thí sinh 1", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The probe JSON lookup answered {(int)probe.StatusCode}, without the candidate.");
        }
    }

    var env = new Dictionary<string, string>
    {
        ["RB_EXAM"] = examId.ToString(), ["RB_CANDIDATES"] = candidates.ToString(CultureInfo.InvariantCulture),
        ["RB_TOKEN"] = Uri.EscapeDataString(token), ["RB_COOKIE"] = cookie,
    };
    var json = new Dictionary<string, string>(env) { ["RB_MODE"] = "json" };
    var form = new Dictionary<string, string>(env) { ["RB_MODE"] = "form" };
    // Warm-up (JIT, pools) that also checks every answer (RB_COUNT: found, not found, anything else), then the two
    // measured runs back to back without Lua seeing the answers, then the form post for the record.
    var check = await WrkAsync($"http://127.0.0.1:{port}/tra-cuu-diem/ket-qua", script, Math.Max(3, seconds / 5), new(json) { ["RB_COUNT"] = "1" });
    await WrkAsync($"http://127.0.0.1:{port}/healthz", null, Math.Max(3, seconds / 5), env);
    var lookup = await WrkAsync($"http://127.0.0.1:{port}/tra-cuu-diem/ket-qua", script, seconds, json);
    var trivial = await WrkAsync($"http://127.0.0.1:{port}/healthz", null, seconds, env);
    var formPost = await WrkAsync($"http://127.0.0.1:{port}/tra-cuu-diem", script, Math.Max(3, seconds / 3), form);
    var peak = PeakRssMiB(app.Id);

    Console.WriteLine($"check run (every answer counted): {check.Status}");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"lookup: {lookup.Rps:0} req/s, p50 {lookup.P50:0.00} ms, p99 {lookup.P99:0.00} ms, not 2xx {lookup.NotOkShare:0.0}% (the wrong dates of birth: ~10%)"));
    Console.WriteLine($"trivial (/healthz): {trivial.Rps:0} req/s, p50 {trivial.P50:0.00} ms, p99 {trivial.P99:0.00} ms");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"the page's form post (no JavaScript, not the goal's figure): {formPost.Rps:0} req/s ({formPost.Rps / trivial.Rps * 100:0.0}% of trivial), p50 {formPost.P50:0.00} ms, p99 {formPost.P99:0.00} ms, not 2xx {formPost.NotOkShare:0.0}%"));
    var ratio = lookup.Rps / trivial.Rps * 100;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"P1 results lookup throughput {ratio:0.0}% of trivial ({lookup.Rps:0} vs {trivial.Rps:0} req/s, {candidates:N0} candidates, {Connections} connections) (goal ≥ 50%): {(ratio >= 50 ? "met" : "NOT met")}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"P1 results lookup p99 {lookup.P99:0.0} ms (goal ≤ 25 ms): {(lookup.P99 <= 25 ? "met" : "NOT met")}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"P8 web peak RSS {peak:0} MiB during P1 (goal ≤ 400 MiB): {(peak <= 400 ? "met" : "NOT met")}"));
    // One in ten lookups has a date of birth nobody has (404); more than that means refusals or errors.
    if (!check.Status.Contains("other=0", StringComparison.Ordinal) || lookup.NotOkShare is < 8 or > 12 || formPost.NotOkShare is < 8 or > 12
        || lookup.Errors + trivial.Errors + formPost.Errors > 0)
    {
        Console.WriteLine($"warning: answers other than found / not found: check {check.Status}, lookup not 2xx {lookup.NotOkShare:0.0}%, form post {formPost.NotOkShare:0.0}%, "
                          + $"socket errors {lookup.Errors} / {trivial.Errors} / {formPost.Errors}");
    }
}
finally
{
    app.Kill(entireProcessTree: true);
    await app.WaitForExitAsync();
    File.Delete(output); // a line per request: about a gigabyte
    await using var cleanup = dataSource.CreateCommand("DELETE FROM exams WHERE id = $1");
    cleanup.CommandTimeout = 0;
    cleanup.Parameters.AddWithValue(examId);
    await cleanup.ExecuteNonQueryAsync();
}

static async Task<string> UntilServedAsync(HttpClient http, Process app, string output)
{
    for (var i = 0; i < 600; i++)
    {
        if (app.HasExited)
        {
            throw new InvalidOperationException($"The portal exited ({app.ExitCode}) before serving:\n{string.Join('\n', File.ReadLines(output).TakeLast(20))}");
        }

        try
        {
            using var response = await http.GetAsync("/tra-cuu-diem");
            if (response.IsSuccessStatusCode)
            {
                return await response.Content.ReadAsStringAsync();
            }
        }
        catch (HttpRequestException)
        {
        }

        await Task.Delay(100);
    }

    throw new TimeoutException("The portal did not serve /tra-cuu-diem within a minute.");
}

// The portal's line about this exam's snapshot (built or declined), read from its output file as it grows; null if none in time.
static async Task<string?> SnapshotLineAsync(string output, Guid examId, TimeSpan within)
{
    var exam = examId.ToString();
    var until = Stopwatch.StartNew();
    using var reader = new StreamReader(new FileStream(output, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
    var pending = "";
    while (until.Elapsed < within)
    {
        // What has been written since; a line still being written stays pending until its end arrives.
        var lines = (pending + await reader.ReadToEndAsync()).Split('\n');
        pending = lines[^1];
        foreach (var line in lines[..^1])
        {
            if (line.Contains(exam, StringComparison.OrdinalIgnoreCase)
                && (line.Contains("Results snapshot ready", StringComparison.Ordinal) || line.Contains("declined", StringComparison.Ordinal)))
            {
                return line;
            }
        }

        await Task.Delay(200);
    }

    return null;
}

static async Task<WrkResult> WrkAsync(string url, string? script, int seconds, Dictionary<string, string> env)
{
    var info = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in new[] { "-t", "2", "-c", Connections.ToString(CultureInfo.InvariantCulture), "-d", $"{seconds}s", "--latency" })
    {
        info.ArgumentList.Add(a);
    }

    if (script is not null)
    {
        info.ArgumentList.Add("-s");
        info.ArgumentList.Add(script);
    }

    info.ArgumentList.Add(url);
    foreach (var (k, v) in env)
    {
        info.Environment[k] = v;
    }

    using var wrk = Process.Start(info) ?? throw new InvalidOperationException("wrk is missing (Debian package wrk).");
    var output = await wrk.StandardOutput.ReadToEndAsync();
    await wrk.WaitForExitAsync();
    double Number(string pattern) => Regex.Match(output, pattern) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;
    double Millis(string label) => Regex.Match(output, $@"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline) is { Success: true } m
        ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * (m.Groups[2].Value switch { "us" => 0.001, "s" => 1000, _ => 1 })
        : double.NaN;
    var errors = Regex.Match(output, @"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)") is { Success: true } e
        ? Enumerable.Range(1, 4).Sum(g => int.Parse(e.Groups[g].Value, CultureInfo.InvariantCulture))
        : 0;
    var requests = Number(@"(\d+) requests in");
    var notOk = Regex.Match(output, @"Non-2xx or 3xx responses: (\d+)") is { Success: true } n ? double.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    return new WrkResult(Number(@"Requests/sec:\s+([\d.]+)"), Millis("50%"), Millis("99%"), errors,
        Regex.Match(output, "STATUS (.*)").Groups[1].Value.Trim(), requests > 0 ? notOk / requests * 100 : double.NaN);
}

static double PeakRssMiB(int pid) =>
    File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
        .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).Single();

static int FreePort()
{
    var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    var port = ((IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    return port;
}

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ServicesPortal.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("Cannot find ServicesPortal.sln above the benchmark.");
}

/// <summary>One wrk run; <see cref="NotOkShare"/> is the share of answers that were not 2xx (wrk's own count), in %.</summary>
internal sealed record WrkResult(double Rps, double P50, double P99, int Errors, string Status, double NotOkShare);
