using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Services.Bench;
using Services.Data;
using Services.Workflows;
using Services.Workflows.Admissions;

// P2 (admission submissions over HTTP) and P8 (the web process's peak RSS during them), then the draw and the
// confirmation deadline of a campaign of the same size over 200 schools; see bench/README.md. Sizes:
// ADMISSIONS_BENCH_APPLICATIONS (submissions over HTTP, default 100,000), ADMISSIONS_BENCH_APPLICANTS (the draw and
// the deadline, default 100,000), ADMISSIONS_BENCH_SCHOOLS (200), ADMISSIONS_BENCH_CLIENTS (concurrent clients, 16).
var invariant = CultureInfo.InvariantCulture;
var applications = BenchSettings.Int(args, "--applications", "ADMISSIONS_BENCH_APPLICATIONS", 100_000);
var applicants = BenchSettings.Int(args, "--applicants", "ADMISSIONS_BENCH_APPLICANTS", 100_000);
var schoolCount = BenchSettings.Int(args, "--schools", "ADMISSIONS_BENCH_SCHOOLS", 200);
var clients = BenchSettings.Int(args, "--clients", "ADMISSIONS_BENCH_CLIENTS", 16);
var keep = args.Contains("--keep");
const double RateGoal = 300; // applications/s
const double FullSizeGoalSeconds = 360; // 100,000 applications in under 6 minutes
const double RssGoal = 400; // MiB
const string Office = "phong-gd-binh-an";
const string School = "th-nguyen-binh-khiem";
const string Form = $"/{Office}/dich-vu/tuyen-sinh/dang-ky";

Console.WriteLine($"Admissions benchmark (P2, P8) — {applications:N0} submissions over HTTP by {clients} clients; the draw and the deadline for " +
                  $"{applicants:N0} applicants over {schoolCount} schools; {Environment.ProcessorCount} cores, load {BenchSettings.Load}");
var total = Stopwatch.StartNew();

// 1. A fresh database with the portal's own verbs: the schema, and the demo city with its admission campaign
// (registration opens at once). E-mail goes to the pickup folder under the scratch data path, as a relay would take it.
await using var portal = await BenchPortal.CreateAsync("portal_bench_admissions", keep: keep);
var ownerDb = portal.OwnerDb;
var schoolId = await Scalar<Guid>(ownerDb, "SELECT id FROM units WHERE slug = $1", School);
Console.WriteLine($"database migrated and seeded in {total.Elapsed.TotalSeconds:0.0} s");

// 2. P2: real submissions over HTTP against the app in its own process, antiforgery and all.
await portal.StartAsync();
{
    await WaitForRegistrationAsync(ownerDb);
    var (acknowledged, errors, elapsed) = await SubmitAsync(portal.BaseUrl, schoolId, applications, clients);
    var peakRss = portal.PeakRssMiB();
    var rate = acknowledged / elapsed.TotalSeconds;
    var stored = await Scalar<long>(ownerDb,
        "SELECT count(*) FROM admission_applications a JOIN dossiers d ON d.id = a.dossier_id " +
        "JOIN workflow_instances i ON i.correlation = d.tracking_code JOIN workflow_tasks t ON t.instance_id = i.id WHERE t.status = $1", "Open");
    Console.WriteLine(string.Create(invariant,
        $"submissions: {acknowledged:N0} acknowledged with a tracking code in {elapsed.TotalSeconds:0.0} s, {errors.Count} errors; {stored:N0} stored with their workflow and open task"));
    foreach (var error in errors.Take(5))
    {
        Console.WriteLine($"  error: {error}");
    }

    Console.WriteLine(string.Create(invariant,
        $"P2 admission submissions {rate:0} applications/s over HTTP ({applications:N0} by {clients} clients, {errors.Count} errors; ratio to the goal {rate / RateGoal:0.00}) (goal ≥ {RateGoal} /s, 0 errors): {(rate >= RateGoal && errors.IsEmpty && stored == acknowledged ? "met" : "NOT met")}"));
    Console.WriteLine(string.Create(invariant,
        $"P2 time for {applications:N0} applications {elapsed.TotalSeconds:0} s (100,000 at this rate: {100_000 / rate:0} s) (goal < {FullSizeGoalSeconds} s for 100,000): {(100_000 / rate < FullSizeGoalSeconds && errors.IsEmpty ? "met" : "NOT met")}"));
    Console.WriteLine(string.Create(invariant, $"P8 web peak RSS {peakRss:0} MiB during P2 (goal ≤ {RssGoal} MiB): {(peakRss <= RssGoal ? "met" : "NOT met")}"));
}

await portal.StopAsync();

// 3. The draw and the confirmation deadline, run by the portal's own code on a campaign of the same size over
// 200 schools, each school a copy of the demo school.
await using var services = Node(portal.OwnerConnectionString, portal.DataPath);
var campaignId = await SeedCampaignAsync(ownerDb, schoolId, applicants, schoolCount);
Console.WriteLine($"campaign seeded: {applicants:N0} verified applicants, {schoolCount} schools, {Math.Max(1, applicants * 8 / 10 / schoolCount)} seats each");

var draw = Stopwatch.StartNew();
await using (var scope = services.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<AdmissionAllocation>().AllocateAsync(campaignId, CancellationToken.None);
}

draw.Stop();
var placed = await Scalar<long>(ownerDb, "SELECT count(*) FROM admission_applications WHERE campaign_id = $1 AND status = 'Placed'", campaignId);
Console.WriteLine(string.Create(invariant,
    $"allocation: {applicants:N0} applicants over {schoolCount} schools drawn, explained, stored and their notices queued in {draw.Elapsed.TotalSeconds:0.0} s ({placed:N0} placed)"));

// Every offer unconfirmed: the deadline releases them all at once and offers the freed seats to the waiting list.
var deadline = Stopwatch.StartNew();
await using (var scope = services.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<AdmissionAllocation>().ReleaseUnconfirmedAsync(campaignId, CancellationToken.None);
}

deadline.Stop();
var released = await Scalar<long>(ownerDb, "SELECT count(*) FROM admission_applications WHERE campaign_id = $1 AND status = 'Released'", campaignId);
Console.WriteLine(string.Create(invariant,
    $"confirmation deadline: {released:N0} unconfirmed offers released at once and the waiting list re-drawn in {deadline.Elapsed.TotalSeconds:0.0} s"));
Console.WriteLine($"load after: {BenchSettings.Load}; total {total.Elapsed.TotalSeconds:0} s");

return 0;

// Each client takes the form once (its antiforgery cookie and token), then submits its share of applications, each with
// a new idempotency key and child; only the submissions are timed. An acknowledgement is a 200 with a tracking code.
static async Task<(long Acknowledged, ConcurrentBag<string> Errors, TimeSpan Elapsed)> SubmitAsync(string baseUrl, Guid schoolId, int count, int clients)
{
    var errors = new ConcurrentBag<string>();
    long acknowledged = 0;
    var next = -1;
    var forms = new List<(HttpClient Http, string Token)>();
    for (var c = 0; c < clients; c++)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(120),
        };
        var form = await http.GetStringAsync(new Uri(Form, UriKind.Relative));
        forms.Add((http, Patterns.Token().Match(form).Groups[1].Value));
    }

    var watch = Stopwatch.StartNew();
    await Task.WhenAll(forms.Select(client => Task.Run(async () =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            var personalId = string.Create(CultureInfo.InvariantCulture, $"0792{i:00000000}");
            try
            {
                using var content = new FormUrlEncodedContent(Answers(client.Token, schoolId, personalId));
                using var response = await client.Http.PostAsync(new Uri(Form, UriKind.Relative), content);
                var html = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK && Patterns.Code().IsMatch(html))
                {
                    Interlocked.Increment(ref acknowledged);
                }
                else
                {
                    errors.Add($"{personalId}: {(int)response.StatusCode} without a tracking code");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                errors.Add($"{personalId}: {e.GetType().Name} {e.Message}");
            }
        }
    })));
    watch.Stop();
    forms.ForEach(f => f.Http.Dispose());
    return (acknowledged, errors, watch.Elapsed);
}

static Dictionary<string, string> Answers(string token, Guid schoolId, string personalId) => new()
{
    ["__RequestVerificationToken"] = token,
    ["khoa"] = Guid.NewGuid().ToString(),
    ["a." + AdmissionRequest.ChildNameKey] = "Ngô Bảo " + personalId[^4..],
    ["a." + AdmissionRequest.ChildDateOfBirthKey] = "2021-05-04",
    ["a." + AdmissionRequest.ChildSexKey] = "nu",
    ["a." + AdmissionRequest.PersonalIdKey] = personalId,
    ["a." + AdmissionRequest.PlaceOfBirthKey] = "Bệnh viện Hùng Vương",
    ["a." + AdmissionRequest.ParentNameKey] = "Ngô Văn Tâm",
    ["a." + AdmissionRequest.ParentDateOfBirthKey] = "1987-02-03",
    ["a." + AdmissionRequest.ParentPhoneKey] = "0903" + personalId[^6..],
    ["a." + AdmissionRequest.ParentEmailKey] = $"phuhuynh{personalId}@example.vn",
    ["a." + AdmissionRequest.ResidenceKey] = "Permanent",
    ["a." + AdmissionRequest.AddressKey] = "5 Nguyễn Đình Chiểu",
    ["a." + AdmissionRequest.WardKey] = "Phường Đa Kao",
    ["a." + AdmissionRequest.ChoiceKeyPrefix + "1"] = schoolId.ToString(),
    ["a." + AdmissionRequest.DeclarationKey] = "true",
};

// The seeded campaign's timers open registration as soon as the app's workers run.
static async Task WaitForRegistrationAsync(NpgsqlDataSource db)
{
    var until = DateTime.UtcNow.AddMinutes(2);
    while (await Scalar<string>(db, "SELECT current_step FROM workflow_instances WHERE definition_name = $1", AdmissionCampaignWorkflow.WorkflowName)
           != AdmissionCampaignWorkflow.Phases.Registration)
    {
        if (DateTime.UtcNow > until)
        {
            throw new InvalidOperationException("The seeded campaign never opened registration.");
        }

        await Task.Delay(200);
    }
}

// A second campaign of the office: `schools` copies of the demo school (seats for eight in ten applicants), and
// `count` verified applications, each a copy of a dossier submitted over HTTP, ranking three schools, with a ward in
// the first one's zone for two in three of them, residence categories and priority groups varied.
static async Task<Guid> SeedCampaignAsync(NpgsqlDataSource db, Guid modelSchool, int count, int schools)
{
    var campaignId = Guid.NewGuid();
    var seats = Math.Max(1, count * 8 / 10 / schools);
    await using var connection = await db.OpenConnectionAsync();
    await using var batch = new NpgsqlBatch(connection);
    void Add(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        batch.BatchCommands.Add(command);
    }

    Add("""
        INSERT INTO units SELECT (jsonb_populate_record(u, jsonb_build_object('id', gen_random_uuid(), 'slug', 'bench-truong-' || n,
            'name_vi', 'Trường thử ' || n, 'name_en', 'Bench school ' || n, 'host_name', NULL))).*
        FROM units u, generate_series(1, $2) n WHERE u.id = $1
        """, modelSchool, schools);
    Add("""
        INSERT INTO admission_campaigns (id, unit_id, school_year, grade, max_choices, seed, data_confirmation_at, registration_at, verification_at,
            allocation_at, results_at, confirmation_at, second_round_at, closes_at, created_at)
        SELECT $1, c.unit_id, '2098-2099', c.grade, 3, 'hat-giong-do-tai', now() - interval '30 days', now() - interval '25 days', now() - interval '20 days',
            now() - interval '10 days', now() - interval '5 days', now() - interval '4 days', now() - interval '2 days', now() + interval '30 days', now()
        FROM admission_campaigns c LIMIT 1
        """, campaignId);
    Add("""
        INSERT INTO admission_schools (campaign_id, school_id, seats, classes, zone_wards)
        SELECT $1, u.id, $2, 1, ARRAY['Phường ' || substr(u.slug, 14)] FROM units u WHERE u.slug LIKE 'bench-truong-%'
        """, campaignId, seats);
    Add("""
        CREATE TEMP TABLE bench_schools ON COMMIT DROP AS SELECT row_number() OVER (ORDER BY slug) - 1 AS n, id, substr(slug, 14) AS ward FROM units WHERE slug LIKE 'bench-truong-%'
        """);
    Add("""
        CREATE TEMP TABLE bench_rows ON COMMIT DROP AS SELECT n, gen_random_uuid() AS dossier_id, 'TS-' || lpad(n::text, 9, '0') AS code FROM generate_series(1, $1) n
        """, count);
    Add("""
        INSERT INTO dossiers SELECT (jsonb_populate_record(d, jsonb_build_object('id', r.dossier_id, 'tracking_code', r.code,
            'idempotency_key', gen_random_uuid()))).*
        FROM bench_rows r, dossiers d WHERE d.id = (SELECT id FROM dossiers WHERE service_slug = 'tuyen-sinh' LIMIT 1)
        """);
    Add("""
        INSERT INTO admission_applications (id, campaign_id, dossier_id, personal_id, child_name, date_of_birth, ward, residence, priority_order, choices,
            status, created_at)
        SELECT gen_random_uuid(), $1, r.dossier_id, '0793' || lpad(r.n::text, 8, '0'), 'Trẻ ' || r.n, date '2021-01-01' + (r.n % 365),
            CASE WHEN r.n % 3 = 0 THEN 'Phường khác' ELSE 'Phường ' || s1.ward END,
            (ARRAY['Permanent', 'Current', 'Other'])[1 + r.n % 3], CASE WHEN r.n % 10 = 0 THEN r.n % 2 END,
            ARRAY[s1.id, s2.id, s3.id], 'Verified', now() - interval '20 days'
        FROM bench_rows r
        JOIN bench_schools s1 ON s1.n = (r.n * 7) % $2
        JOIN bench_schools s2 ON s2.n = (r.n * 7 + 1 + r.n % 5) % $2
        JOIN bench_schools s3 ON s3.n = (r.n * 7 + 7 + r.n % 11) % $2
        """, campaignId, schools);
    Add("ANALYZE");
    await batch.ExecuteNonQueryAsync();
    return campaignId;
}

static ServiceProvider Node(string connectionString, string dataPath)
{
    var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ConnectionStrings:Portal"] = connectionString,
        ["Workflows:RunBackgroundWorkers"] = "false",
        ["Portal:DataPath"] = dataPath,
    }).Build();
    var services = new ServiceCollection();
    services.AddSingleton<IConfiguration>(configuration);
    services.AddLogging();
    services.AddServicesData(configuration);
    services.AddServicesWorkflows(configuration);
    return services.BuildServiceProvider();
}

static async Task<T> Scalar<T>(NpgsqlDataSource db, string sql, params object[] parameters)
{
    await using var command = db.CreateCommand(sql);
    foreach (var parameter in parameters)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = parameter });
    }

    return await command.ExecuteScalarAsync() is T value ? value : throw new InvalidOperationException($"No value for: {sql}");
}

internal static partial class Patterns
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    public static partial Regex Token();

    [GeneratedRegex("id=\"tracking-code\">([^<]+)<")]
    public static partial Regex Code();
}
