using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using Services.Data.Workflows;
using Services.Tests.Integration.Infrastructure;
using Services.Tests.Processes;
using Services.Tests.Samples;
using Services.Workflows.Runtime;

namespace Services.Tests.Integration.Workflows;

public sealed class SmsAndHolidayTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task SmsIsPostedToTheConfiguredWebhookWithItsStableMessageIdAndRetriedWhenTheGatewayFails()
    {
        using var mail = new TempDirectory();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(7)));
        var port = WebProcess.FreePort();

        using var gateway = new HttpListener();
        gateway.Prefixes.Add($"http://127.0.0.1:{port}/sms/");
        gateway.Start();
        await using var node = WorkflowNode.Start(database, clock, mail.Path,
            settings: new Dictionary<string, string?> { ["Workflows:SmsWebhookUrl"] = $"http://127.0.0.1:{port}/sms/send" });
        var id = Guid.NewGuid();
        await using (var insert = database.DataSource.CreateCommand(
            "INSERT INTO outbox_messages (id, channel, recipient, subject, body, status, attempts, next_attempt_at, created_at) " +
            $"VALUES ('{id}', 'Sms', '0901234567', '', 'Hồ sơ HS-1 đã được duyệt', 'Pending', 0, $1, $1)"))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
            await insert.ExecuteNonQueryAsync();
        }

        var bodies = new List<JsonObject>();
        async Task AnswerAsync(HttpStatusCode status)
        {
            var context = await gateway.GetContextAsync();
            using var reader = new StreamReader(context.Request.InputStream);
            bodies.Add(JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject());
            context.Response.StatusCode = (int)status;
            context.Response.Close();
        }

        var failing = AnswerAsync(HttpStatusCode.ServiceUnavailable);
        await node.DispatchOutboxAsync();
        await failing;
        clock.Advance(TimeSpan.FromSeconds(30));
        var accepting = AnswerAsync(HttpStatusCode.OK);
        await node.DispatchOutboxAsync();
        await accepting;

        Assert.Equal(2, bodies.Count);
        Assert.All(bodies, b => Assert.Equal(id.ToString(), b["messageId"]!.GetValue<string>()));
        Assert.Equal("0901234567", bodies[1]["to"]!.GetValue<string>());
        Assert.Equal("Hồ sơ HS-1 đã được duyệt", bodies[1]["text"]!.GetValue<string>());
        await using var status = database.DataSource.CreateCommand($"SELECT status, attempts FROM outbox_messages WHERE id = '{id}'");
        await using var row = await status.ExecuteReaderAsync();
        await row.ReadAsync();
        Assert.Equal(("Sent", 2), (row.GetString(0), row.GetInt32(1)));
    }

    [Fact]
    public async Task AHolidayAddedByAnAdminMovesTheDueDateOfNewTasks()
    {
        using var mail = new TempDirectory();
        // Thursday 10 December 2026, 09:00 Viet Nam time; two working days later is Monday 14 December.
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 10, 9, 0, 0, TimeSpan.FromHours(7)));
        await using var node = WorkflowNode.Start(database, clock, mail.Path);
        var unit = await TestUnit.CreateAsync(database.DataSource);
        var applicant = new JsonObject { ["applicantEmail"] = "a@example.vn" };
        var before = await node.Runtime.StartAsync(SampleLeaveWorkflow.DefinitionName, unit.Id, $"HS-{Guid.NewGuid():N}", applicant, Actor.System("test"));

        await node.Holidays.SetAsync(new Holiday { Date = new DateOnly(2026, 12, 11), NameVi = "Nghỉ đột xuất", NameEn = "Extra day off" });
        var after = await node.Runtime.StartAsync(SampleLeaveWorkflow.DefinitionName, unit.Id, $"HS-{Guid.NewGuid():N}", applicant, Actor.System("test"));

        Assert.Equal(new DateTimeOffset(2026, 12, 14, 17, 0, 0, TimeSpan.FromHours(7)), Assert.Single(await node.Queue.ForInstanceAsync(before.InstanceId)).DueAt);
        Assert.Equal(new DateTimeOffset(2026, 12, 15, 17, 0, 0, TimeSpan.FromHours(7)), Assert.Single(await node.Queue.ForInstanceAsync(after.InstanceId)).DueAt);
        Assert.Contains(await node.Holidays.ListAsync(2026), h => h.Date == new DateOnly(2026, 12, 11));
        Assert.Equal(9, (await node.Holidays.ListAsync(2026)).Count(h => h.NameEn == "Lunar New Year (Tet)"));
        await node.Holidays.RemoveAsync(new DateOnly(2026, 12, 11));
        Assert.DoesNotContain(await node.Holidays.ListAsync(2026), h => h.Date.Month == 12);
    }
}
