using System.Globalization;
using System.Text.Json.Nodes;
using Npgsql;
using Services.Data.Workflows;

namespace Services.Workflows.Runtime;

/// <summary>
/// Adds to a batch the rows a change writes besides the instance itself: what entering and leaving a step schedules
/// or cancels (tasks, timers), the journal entry, and the outbox messages. Everything goes into the caller's batch,
/// hence into the same transaction as the state change.
/// </summary>
internal static class StepWriter
{
    public static void Enter(NpgsqlBatch batch, InstanceSnapshot instance, StepDefinition step, JsonObject state, DateTimeOffset now, WorkingCalendar? calendar)
    {
        switch (step.Kind)
        {
            case StepKind.Human:
                var assignment = step.Assignment!;
                var cal = calendar ?? throw new InvalidOperationException("A human step needs the working-day calendar.");
                var taskId = Guid.CreateVersion7(now);
                var due = cal.DueAt(now, assignment.WorkingDaysFor(state));
                var (unitSql, unitValue) = assignment.Unit switch
                {
                    UnitRule.ParentUnit => ("(SELECT parent_id FROM units WHERE id = $6)", instance.UnitId),
                    UnitRule.StateUnit s => ("$6", Guid.TryParse(NotificationTemplate.StateText(state, s.Key), out var fromState)
                        ? fromState
                        : throw new InvalidOperationException($"Step {step.Name} needs a unit id in state '{s.Key}'.")),
                    _ => ("$6", instance.UnitId),
                };
                batch.BatchCommands.Add(Sql.Command(
                    "INSERT INTO workflow_tasks (id, instance_id, definition_name, correlation, step, unit_id, role, status, created_at, due_at) " +
                    $"VALUES ($1, $2, $3, $4, $5, {unitSql}, $7, 'Open', $8, $9)",
                    taskId, instance.Id, instance.DefinitionName, instance.Correlation, step.Name, unitValue, assignment.Role, now, due));
                var remindAt = cal.ReminderAt(due, assignment.ReminderWorkingDaysBefore);
                if (remindAt > now)
                {
                    AddTimer(batch, instance.Id, TimerKind.TaskReminder, step.Name, taskId, null, remindAt, 1, now);
                }

                AddTimer(batch, instance.Id, TimerKind.TaskEscalation, step.Name, taskId, null, due, 1, now);
                AddTimeout(batch, instance.Id, step, state, now, calendar);
                if (assignment.Unit is not UnitRule.InstanceUnit)
                {
                    // A step of another unit: its staff learn of it in-app, as the instance's own staff do from the service.
                    batch.BatchCommands.Add(Sql.Command(
                        "INSERT INTO outbox_messages (id, instance_id, channel, recipient, subject, body, status, attempts, next_attempt_at, created_at) " +
                        "SELECT gen_random_uuid(), $1, 'InApp', u.id::text, $2, $3, 'Pending', 0, $4, $4 FROM workflow_tasks t " +
                        "JOIN unit_memberships m ON m.unit_id = t.unit_id AND m.role = t.role JOIN users u ON u.id = m.user_id WHERE t.id = $5",
                        instance.Id, Truncate($"Hồ sơ {instance.Correlation} cần đơn vị xử lý: {step.Title}", 300),
                        $"Hồ sơ {instance.Correlation} chuyển đến đơn vị để xử lý bước \"{step.Title}\", hạn {Local(due)}.", now, taskId));
                }

                break;
            case StepKind.Timer:
            case StepKind.Wait:
                AddTimeout(batch, instance.Id, step, state, now, calendar);
                break;
            case StepKind.Child:
                // Started by the timer worker under this instance's lock, like an automated step: the child's first
                // step may need the calendar, another unit, or its own definition, none of which this batch knows.
                AddTimer(batch, instance.Id, TimerKind.StartChild, step.Name, null, null, now, 1, now);
                AddTimeout(batch, instance.Id, step, state, now, calendar);
                break;
            case StepKind.Automated:
                // Run in the background rather than inline, so a failing step never rolls back the change that led to it.
                AddTimer(batch, instance.Id, TimerKind.RunAutomated, step.Name, null, null, now, 1, now);
                break;
            case StepKind.Parallel:
                // Branch rows first (the lock order: instance, branches, tasks, timers); rows from an earlier visit start over.
                foreach (var branch in step.Branches)
                {
                    batch.BatchCommands.Add(Sql.Command(
                        "INSERT INTO workflow_branches (instance_id, step, parallel_step, status, entered_at) VALUES ($1, $2, $3, 'Active', $4) " +
                        "ON CONFLICT (instance_id, step) DO UPDATE SET status = 'Active', outcome = NULL, ended_by_id = NULL, entered_at = $4, ended_at = NULL",
                        instance.Id, branch.Name, step.Name, now));
                }

                foreach (var branch in step.Branches)
                {
                    Enter(batch, instance, branch, state, now, calendar);
                }

                AddTimeout(batch, instance.Id, step, state, now, calendar);
                break;
            case StepKind.End:
                break;
        }
    }

    /// <summary>A timer step's timer, or a step's own timeout (<see cref="StepTransitions.WhenDue"/>): a signal timer raising its event.</summary>
    private static void AddTimeout(NpgsqlBatch batch, Guid instanceId, StepDefinition step, JsonObject state, DateTimeOffset now, WorkingCalendar? calendar)
    {
        if (step.Due is { } due)
        {
            AddTimer(batch, instanceId, TimerKind.Signal, step.Name, null, step.TimerEvent, due.DueAt(now, state, calendar), 1, now);
        }
    }

    /// <summary>
    /// Cancels what the step scheduled: a parallel step's open branches, then the open tasks, then the pending timers
    /// (except <paramref name="firingTimerId"/>) of the step and of its branches — one statement per table, in the lock order.
    /// </summary>
    public static void Leave(NpgsqlBatch batch, Guid instanceId, StepDefinition step, Guid? firingTimerId, DateTimeOffset now)
    {
        if (step.Kind == StepKind.End)
        {
            return;
        }

        if (step.Kind == StepKind.Parallel)
        {
            batch.BatchCommands.Add(Sql.Command(
                "UPDATE workflow_branches SET status = 'Cancelled' WHERE instance_id = $1 AND parallel_step = $2 AND status = 'Active'", instanceId, step.Name));
        }

        string[] steps = [step.Name, .. step.Branches.Select(b => b.Name)];
        if (step.Kind == StepKind.Human || step.Branches.Any(b => b.Kind == StepKind.Human))
        {
            batch.BatchCommands.Add(Sql.Command(
                "UPDATE workflow_tasks SET status = 'Cancelled' WHERE instance_id = $1 AND step = ANY($2) AND status = 'Open'", instanceId, steps));
        }

        batch.BatchCommands.Add(Sql.Command(
            "UPDATE workflow_timers SET status = 'Cancelled' WHERE instance_id = $1 AND step = ANY($2) AND status = 'Pending' AND id IS DISTINCT FROM $3",
            instanceId, steps, firingTimerId));
        if (step.Kind == StepKind.Child)
        {
            CancelChildren(batch, instanceId, step.Name, now);
        }
    }

    /// <summary>
    /// Schedules the cancellation of the children started from <paramref name="step"/> (every step when null) that are
    /// still running or have an outcome not yet delivered: from now on the parent ignores what they say. Each child is
    /// cancelled later in its own transaction under its own lock, never inside the parent's.
    /// </summary>
    public static void CancelChildren(NpgsqlBatch batch, Guid parentId, string? step, DateTimeOffset now) =>
        batch.BatchCommands.Add(Sql.Command(
            "INSERT INTO workflow_timers (id, instance_id, kind, step, task_id, event_name, due_at, status, attempt, created_at) " +
            "SELECT gen_random_uuid(), c.id, $3, c.current_step, NULL, NULL, $4, 'Pending', 1, $4 FROM workflow_instances c " +
            "WHERE c.parent_instance_id = $1 AND ($2::text IS NULL OR c.parent_step = $2) AND (c.status IN ('Running', 'Incident') OR EXISTS (" +
            "SELECT 1 FROM workflow_timers n WHERE n.instance_id = c.id AND n.kind = $5 AND n.status = 'Pending')) " +
            "AND NOT EXISTS (SELECT 1 FROM workflow_timers x WHERE x.instance_id = c.id AND x.kind = $3)",
            parentId, step, TimerKind.CancelChild, now, TimerKind.NotifyParent));

    /// <summary>
    /// A child that ends tells its parent through a timer of its own (<see cref="TimerKind.NotifyParent"/>), fired later
    /// under the parent's lock: this transaction holds the child's lock and never waits for the parent's.
    /// </summary>
    public static void TellParent(NpgsqlBatch batch, InstanceSnapshot child, string outcome, DateTimeOffset now)
    {
        if (child.ParentInstanceId is not null)
        {
            AddTimer(batch, child.Id, TimerKind.NotifyParent, child.ParentStep!, null, outcome, now, 1, now);
        }
    }

    /// <summary>Marks one branch of a parallel step ended; the caller then leaves the branch's step (or the whole parallel step).</summary>
    public static void EndBranch(NpgsqlBatch batch, Guid instanceId, StepDefinition branch, string outcome, Guid? endedBy, DateTimeOffset now) =>
        batch.BatchCommands.Add(Sql.Command(
            "UPDATE workflow_branches SET status = 'Ended', outcome = $3, ended_by_id = $4, ended_at = $5 WHERE instance_id = $1 AND step = $2 AND status = 'Active'",
            instanceId, branch.Name, outcome, endedBy, now));

    public static void AddTimer(NpgsqlBatch batch, Guid instanceId, TimerKind kind, string step, Guid? taskId, string? eventName, DateTimeOffset dueAt, int attempt, DateTimeOffset now) =>
        batch.BatchCommands.Add(Sql.Command(
            "INSERT INTO workflow_timers (id, instance_id, kind, step, task_id, event_name, due_at, status, attempt, created_at) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, 'Pending', $8, $9)",
            Guid.CreateVersion7(now), instanceId, kind, step, taskId, eventName, dueAt, attempt, now));

    /// <summary>Adds the journal entry and returns its hash, which the caller stores on the instance row.</summary>
    public static string Journal(NpgsqlBatch batch, JournalFields entry, string prevHash)
    {
        var hash = JournalChain.Hash(entry, prevHash);
        batch.BatchCommands.Add(Sql.Command(
            "INSERT INTO workflow_journal (instance_id, seq, event_id, action, actor_user_id, actor_name, actor_role, actor_unit_id, actor_ip, " +
            "step_before, step_after, payload, payload_sha256, occurred_at, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
            entry.InstanceId, entry.Seq, entry.EventId, entry.Action, entry.ActorUserId, entry.ActorName, entry.ActorRole, entry.ActorUnitId, entry.ActorIp,
            entry.StepBefore, entry.StepAfter, entry.Payload, entry.PayloadSha256, entry.OccurredAt, prevHash, hash));
        return hash;
    }

    public static JournalFields JournalFields(InstanceSnapshot instance, string eventId, string action, Actor actor, string? before, string? after, string payload, DateTimeOffset now) =>
        new(instance.Id, instance.JournalSeq + 1, eventId, Truncate(action, 200), actor.UserId, Truncate(actor.DisplayName, 200), actor.Role?.ToString(), actor.UnitId,
            actor.Ip, before, after, payload, JournalChain.Sha256Hex(payload), JournalChain.TruncateToMicroseconds(now));

    /// <summary>A journal entry that changes nothing else on the instance (a claim, an escalation, an incident).</summary>
    public static void JournalOnly(NpgsqlBatch batch, InstanceSnapshot instance, string eventId, string action, Actor actor, string payload, DateTimeOffset now)
    {
        var entry = JournalFields(instance, eventId, action, actor, instance.CurrentStep, instance.CurrentStep, payload, now);
        var hash = Journal(batch, entry, instance.LastJournalHash);
        batch.BatchCommands.Add(Sql.Command(
            "UPDATE workflow_instances SET journal_seq = $2, last_journal_hash = $3 WHERE id = $1", instance.Id, entry.Seq, hash));
    }

    public static void Notify(NpgsqlBatch batch, InstanceSnapshot instance, IEnumerable<NotificationTemplate> templates, string step, JsonObject state, DateTimeOffset now)
    {
        foreach (var template in templates)
        {
            var subject = Truncate(NotificationTemplate.Render(template.Subject, instance.Correlation, step, state), 300);
            var body = NotificationTemplate.Render(template.Body, instance.Correlation, step, state);
            switch (template.To)
            {
                case Recipient.FixedAddress fixedAddress:
                    Outbox(batch, instance.Id, template.Channel, fixedAddress.Value, subject, body, now);
                    break;
                case Recipient.StateAddress stateAddress:
                    // A missing address is a definition or data error; better to fail the change than to drop the message.
                    var address = NotificationTemplate.StateText(state, stateAddress.Key);
                    if (string.IsNullOrWhiteSpace(address))
                    {
                        throw new InvalidOperationException($"Notification to state '{stateAddress.Key}' but the state has no such value.");
                    }

                    Outbox(batch, instance.Id, template.Channel, address, subject, body, now);
                    break;
                case Recipient.OptionalStateAddress optional:
                    // e.g. the applicant's e-mail, which the form does not require: no address, no message.
                    if (NotificationTemplate.StateText(state, optional.Key) is { Length: > 0 } optionalAddress)
                    {
                        Outbox(batch, instance.Id, template.Channel, optionalAddress, subject, body, now);
                    }

                    break;
                case Recipient.UnitRoleMembers members:
                    OutboxToRole(batch, instance.Id, template.Channel, instance.UnitId, members.Role.ToString(), subject, body, now);
                    break;
                case Recipient.Leaders:
                    OutboxToLeaders(batch, instance.Id, template.Channel, instance.UnitId, subject, body, now);
                    break;
            }
        }
    }

    public static void Outbox(NpgsqlBatch batch, Guid? instanceId, NotificationChannel channel, string recipient, string subject, string body, DateTimeOffset now) =>
        batch.BatchCommands.Add(Sql.Command(
            "INSERT INTO outbox_messages (id, instance_id, channel, recipient, subject, body, status, attempts, next_attempt_at, created_at) " +
            "VALUES ($1, $2, $3, $4, $5, $6, 'Pending', 0, $7, $7)",
            Guid.CreateVersion7(now), instanceId, channel, recipient, subject, body, now));

    /// <summary>One message per member of <paramref name="role"/> in the unit, resolved inside the transaction.</summary>
    public static void OutboxToRole(NpgsqlBatch batch, Guid? instanceId, NotificationChannel channel, Guid unitId, string role, string subject, string body, DateTimeOffset now)
    {
        var address = channel switch
        {
            NotificationChannel.Email => "u.email",
            NotificationChannel.Sms => "u.phone_number",
            _ => "u.id::text",
        };
        batch.BatchCommands.Add(Sql.Command(
            "INSERT INTO outbox_messages (id, instance_id, channel, recipient, subject, body, status, attempts, next_attempt_at, created_at) " +
            $"SELECT gen_random_uuid(), $1, $2, {address}, $3, $4, 'Pending', 0, $5, $5 FROM unit_memberships m JOIN users u ON u.id = m.user_id " +
            $"WHERE m.unit_id = $6 AND m.role = $7 AND {address} IS NOT NULL",
            instanceId, channel, subject, body, now, unitId, role));
    }

    public static void OutboxToLeaders(NpgsqlBatch batch, Guid? instanceId, NotificationChannel channel, Guid unitId, string subject, string body, DateTimeOffset now)
    {
        var address = channel == NotificationChannel.Sms ? "l.phone" : "l.email";
        batch.BatchCommands.Add(Sql.Command(
            "INSERT INTO outbox_messages (id, instance_id, channel, recipient, subject, body, status, attempts, next_attempt_at, created_at) " +
            $"SELECT gen_random_uuid(), $1, $2, {address}, $3, $4, 'Pending', 0, $5, $5 FROM unit_leaders l WHERE l.unit_id = $6 AND {address} <> ''",
            instanceId, channel == NotificationChannel.Sms ? NotificationChannel.Sms : NotificationChannel.Email, subject, body, now, unitId));
    }

    public static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    public static string Local(DateTimeOffset time) =>
        time.ToOffset(WorkingCalendar.VietnamOffset).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);
}
