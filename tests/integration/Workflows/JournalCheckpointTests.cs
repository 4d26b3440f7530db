using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Services.Data.Workflows;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Samples;
using Services.Web.Endpoints;
using Services.Workflows.Journal;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Workflows;

/// <summary>
/// R6 against someone who can do anything in the database: each test keeps a copy of the checkpoints from the public
/// feed, as an outsider would, then attacks as a superuser, and the audit must name what was done.
/// Each test has its own database, since an attack leaves it broken for good.
/// </summary>
public sealed class JournalCheckpointTests
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(7)));
    private readonly Dictionary<string, string?> _settings = new()
    {
        ["Journal:SigningKey"] = JournalSigningKey.Generate(),
        ["Workflows:RunBackgroundWorkers"] = "false",
    };

    [Fact]
    public async Task TheReHashAttackIsReportedAgainstThePublishedCheckpoint()
    {
        await WithJournalAsync(async (database, node, dossiers) =>
        {
            var sealedFirst = await SealAllAsync(node, 4);
            var published = await FetchFeedAsync(database);
            Assert.Equal(sealedFirst.Select(c => c.Hash), published.Checkpoints.Select(c => c.Hash));

            // Work goes on after the seal: unsealed entries are checked by their chains only.
            await node.Runtime.RaiseAsync(dossiers.Waiting, new WorkflowEvent("e-after", "timeout"), Actor.System("test"));
            var before = await Audit(node).RunAsync(published);
            Assert.True(before.Intact, string.Join("; ", before.Problems.Select(p => p.Detail)));
            Assert.Equal(5, before.Entries);
            Assert.Equal(sealedFirst[^1].Seq, before.LastCheckpoint!.Seq);

            // Every sealed entry of the decided dossier proves its inclusion against the published root alone.
            var proofs = await node.Services.GetRequiredService<InclusionProofs>().ForInstanceAsync(dossiers.Decided);
            Assert.Equal([1, 2, 3], proofs.Select(p => p.Seq));
            Assert.All(proofs, p => Assert.True(p.Verify(published.Checkpoints.Single(c => c.Seq == p.Checkpoint))));

            // The attack: turn the rejection into an approval, re-hash the chain from there, update the instance.
            await ReHashAsync(database, node, dossiers.Decided, seq: 3, payload: """{"lastOutcome":"approve","lastComment":"Đủ hồ sơ"}""");
            Assert.True((await node.Verifier.VerifyAsync(dossiers.Decided)).Intact, "the attack is meant to fool the instance's own chain");

            var report = await Audit(node).RunAsync(published);
            Assert.False(report.Intact);
            var first = report.Problems[0];
            Assert.Equal(JournalProblemKind.BrokenEntry, first.Kind);
            Assert.Equal(dossiers.Decided, first.InstanceId);
            Assert.Equal(3, first.Seq);
            Assert.Equal(proofs[2].Checkpoint, first.Checkpoint);
            var rewritten = (await node.Instances.JournalAsync(dossiers.Decided))[2];
            Assert.False((proofs[2] with { EntryHash = rewritten.Hash }).Verify(published.Checkpoints.Single(c => c.Seq == proofs[2].Checkpoint)));
        });
    }

    [Fact]
    public async Task DeletingAWholeInstanceWithItsJournalIsReportedAgainstThePublishedCheckpoint()
    {
        await WithJournalAsync(async (database, node, dossiers) =>
        {
            var sealedFirst = await SealAllAsync(node, 4);
            var published = await FetchFeedAsync(database);

            await DeleteInstanceAsync(database, dossiers.Waiting);
            Assert.Null(await node.Instances.GetAsync(dossiers.Waiting));

            var report = await Audit(node).RunAsync(published);
            Assert.False(report.Intact);
            var problem = Assert.Single(report.Problems);
            Assert.Equal(JournalProblemKind.MissingInstance, problem.Kind);
            Assert.Equal(dossiers.Waiting, problem.InstanceId);
            Assert.Contains(problem.Checkpoint, sealedFirst.Select(c => (int?)c.Seq));
        });
    }

    [Fact]
    public async Task RewritingTheCheckpointsTooIsAForkTheOutsideCopyReveals()
    {
        await WithJournalAsync(async (database, node, dossiers) =>
        {
            await SealAllAsync(node, 4);
            var published = await FetchFeedAsync(database);

            // The strongest attacker: superuser and holder of the signing key. Delete a dossier, then re-seal from scratch.
            await DeleteInstanceAsync(database, dossiers.Waiting);
            await SuperuserAsync(database, "journal_checkpoints_no_update_or_delete", "DELETE FROM journal_checkpoints");
            var forged = await SealAllAsync(node, 3);
            Assert.Equal(1, forged[0].Seq);

            // Only a copy held outside the database can tell: the database now agrees with itself.
            Assert.True((await Audit(node).RunAsync()).Intact);
            var report = await Audit(node).RunAsync(published);
            Assert.False(report.Intact);
            Assert.Equal(JournalProblemKind.ForkedCheckpoint, report.Problems[0].Kind);
            Assert.Equal(1, report.Problems[0].Checkpoint);
        });
    }

    [Fact]
    public async Task VerifyJournalExitsWithZeroWhenIntactAndOneOnAnyProblem()
    {
        await WithJournalAsync(async (database, node, dossiers) =>
        {
            await SealAllAsync(node, 4);
            using var folder = new TempDirectory();
            var copy = Path.Combine(folder.Path, "checkpoints.json");
            await File.WriteAllTextAsync(copy, await FetchFeedTextAsync(database));

            var intact = await RunVerifyJournalAsync(database, folder.Path, "--published", copy);
            Assert.True(intact.ExitCode == 0, intact.Output);
            Assert.Contains("journal intact: 4 entries of 2 instances", intact.Output, StringComparison.Ordinal);

            await DeleteInstanceAsync(database, dossiers.Waiting);
            var broken = await RunVerifyJournalAsync(database, folder.Path, "--published", copy);
            Assert.True(broken.ExitCode == 1, broken.Output);
            Assert.Contains($"MissingInstance: instance {dossiers.Waiting}", broken.Output, StringComparison.Ordinal);

            var withoutCopy = await RunVerifyJournalAsync(database, folder.Path);
            Assert.Equal(1, withoutCopy.ExitCode);
        });
    }

    [Fact]
    public async Task TwoNodesSealingWhileDossiersAreWrittenNeverForkAndNeverSkipAnEntry()
    {
        await WithJournalAsync(async (database, nodeA, dossiers) =>
        {
            using var mail = new TempDirectory();
            var settings = new Dictionary<string, string?>(_settings) { ["ConnectionStrings:Portal"] = await database.CreateAppRoleAsync() };
            await using var nodeB = WorkflowNode.Start(database, _clock, mail.Path, settings: settings);
            var unit = await TestUnit.CreateAsync(database.DataSource);

            // Entries commit in every order relative to the seals; each must land in exactly one checkpoint.
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                for (var i = 0; i < 15; i++)
                {
                    var node = (w + i) % 2 == 0 ? nodeA : nodeB;
                    await node.Runtime.StartAsync(SampleTimerWorkflow.DefinitionName, unit.Id, $"HS-{Guid.NewGuid():N}", null, Actor.System("test"));
                }
            })).ToList();
            var sealers = new[] { nodeA, nodeB }.Select(node => Task.Run(async () =>
            {
                var sealer = node.Services.GetRequiredService<JournalSealer>();
                while (writers.Any(w => !w.IsCompleted))
                {
                    await sealer.SealAsync();
                    await Task.Delay(20);
                }
            })).ToList();
            await Task.WhenAll(writers.Concat(sealers));

            var total = 4 + 60;
            var sealedSoFar = (await nodeA.Services.GetRequiredService<CheckpointQueries>().ListAsync()).Sum(c => c.Entries);
            await SealAllAsync(nodeB, total - sealedSoFar);
            var checkpoints = await nodeA.Services.GetRequiredService<CheckpointQueries>().ListAsync();
            Assert.Equal(Enumerable.Range(1, checkpoints.Count), checkpoints.Select(c => c.Seq));
            Assert.Equal(total, checkpoints.Sum(c => c.Entries));
            var report = await Audit(nodeA).RunAsync();
            Assert.True(report.Intact, string.Join("; ", report.Problems.Select(p => p.Detail)));
            Assert.Equal(total, report.Entries);
        });
    }

    private sealed record Dossiers(Guid Decided, Guid Waiting);

    private async Task WithJournalAsync(Func<TestDatabase, WorkflowNode, Dossiers, Task> test)
    {
        var database = new TestDatabase();
        await database.InitializeAsync();
        try
        {
            using var mail = new TempDirectory();
            // The app's own role writes the journal, as in production.
            var settings = new Dictionary<string, string?>(_settings) { ["ConnectionStrings:Portal"] = await database.CreateAppRoleAsync() };
            await using var node = WorkflowNode.Start(database, _clock, mail.Path, settings: settings);
            var unit = await TestUnit.CreateAsync(database.DataSource);
            var decided = await node.Runtime.StartAsync(SampleLeaveWorkflow.DefinitionName, unit.Id, $"HS-{Guid.NewGuid():N}",
                new() { ["applicantEmail"] = "a@example.vn" }, Actor.System("test"));
            var task = Assert.Single(await node.Queue.ForInstanceAsync(decided.InstanceId));
            await node.Tasks.ClaimAsync(task.Id, unit.ActorA);
            await node.Tasks.DecideAsync(task.Id, "reject", "Thiếu hồ sơ", unit.ActorA);
            var waiting = await node.Runtime.StartAsync(SampleTimerWorkflow.DefinitionName, unit.Id, $"HS-{Guid.NewGuid():N}", null, Actor.System("test"));
            await test(database, node, new Dossiers(decided.InstanceId, waiting.InstanceId));
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    /// <summary>
    /// Seals until <paramref name="entries"/> entries are sealed. A seal stops below the oldest write transaction still
    /// running anywhere on the server (other tests share it), so it may take a moment and more than one checkpoint.
    /// </summary>
    private static async Task<List<JournalCheckpoint>> SealAllAsync(WorkflowNode node, int entries)
    {
        var sealer = node.Services.GetRequiredService<JournalSealer>();
        var made = new List<JournalCheckpoint>();
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (made.Sum(c => c.Entries) < entries)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {made.Sum(c => c.Entries)} of {entries} entries sealed within a minute");
            if (await sealer.SealAsync() is { } checkpoint)
            {
                made.Add(checkpoint);
            }
            else
            {
                await Task.Delay(50);
            }
        }

        Assert.Equal(entries, made.Sum(c => c.Entries));
        return made;
    }

    private static JournalAudit Audit(WorkflowNode node) => node.Services.GetRequiredService<JournalAudit>();

    /// <summary>The feed as anyone on the internet gets it: over HTTP from the running portal.</summary>
    private async Task<JournalFeed> FetchFeedAsync(TestDatabase database)
    {
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString, _settings);
        return (await portal.Client.GetFromJsonAsync<JournalFeed>(JournalEndpoints.FeedRoute))!;
    }

    private async Task<string> FetchFeedTextAsync(TestDatabase database)
    {
        await using var portal = await RunningPortal.StartAsync(database.ConnectionString, _settings);
        return await portal.Client.GetStringAsync(JournalEndpoints.FeedRoute);
    }

    private static async Task SuperuserAsync(TestDatabase database, string trigger, params string[] statements)
    {
        var table = trigger.StartsWith("journal_checkpoints", StringComparison.Ordinal) ? "journal_checkpoints" : "workflow_journal";
        await using var batch = database.DataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"ALTER TABLE {table} DISABLE TRIGGER {trigger}"));
        foreach (var sql in statements)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql));
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand($"ALTER TABLE {table} ENABLE TRIGGER {trigger}"));
        await batch.ExecuteNonQueryAsync();
    }

    private static Task DeleteInstanceAsync(TestDatabase database, Guid instanceId) =>
        SuperuserAsync(database, "workflow_journal_no_update_or_delete",
            $"DELETE FROM workflow_journal WHERE instance_id = '{instanceId}'",
            $"DELETE FROM workflow_instances WHERE id = '{instanceId}'");

    /// <summary>Rewrites entry <paramref name="seq"/>'s payload, recomputes every hash from it on, and moves the instance's chain end.</summary>
    private static async Task ReHashAsync(TestDatabase database, WorkflowNode node, Guid instanceId, int seq, string payload)
    {
        var journal = await node.Instances.JournalAsync(instanceId);
        var statements = new List<string>();
        var previous = journal[seq - 2].Hash;
        foreach (var entry in journal.Skip(seq - 1))
        {
            if (entry.Seq == seq)
            {
                entry.Payload = payload;
                entry.PayloadSha256 = JournalChain.Sha256Hex(payload);
            }

            var hash = JournalChain.Hash(JournalFields.Of(entry), previous);
            statements.Add($"UPDATE workflow_journal SET payload = '{entry.Payload}', payload_sha256 = '{entry.PayloadSha256}', prev_hash = '{previous}', " +
                $"hash = '{hash}' WHERE id = {entry.Id}");
            previous = hash;
        }

        statements.Add($"UPDATE workflow_instances SET last_journal_hash = '{previous}' WHERE id = '{instanceId}'");
        await SuperuserAsync(database, "workflow_journal_no_update_or_delete", [.. statements]);
    }

    private async Task<(int ExitCode, string Output)> RunVerifyJournalAsync(TestDatabase database, string dataPath, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Services.Web.dll"));
        start.ArgumentList.Add("verify-journal");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(AppContext.BaseDirectory);
        start.Environment["ConnectionStrings__Portal"] = database.ConnectionString;
        start.Environment["Portal__DataPath"] = dataPath;
        start.Environment["Journal__SigningKey"] = _settings["Journal:SigningKey"];
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        return (process.ExitCode, await output + await errors);
    }
}
