using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Services.Data;
using Services.Web.Localization;
using Services.Web.Pages.Staff;
using Services.Web.Security;
using Services.Web.Units;
using Services.Workflows.Regrading;
using Services.Workflows.Runtime;

namespace Services.Web.Pages.Regrading.Staff;

/// <summary>
/// The exam board's re-grading desk: each re-grader's open papers (without the original score or the other grader's,
/// so each grades blind), and for the head of the board the papers the graders disagreed on, with both graders'
/// scores and the original beside the inputs. A request shows once however many of its grading seats are open. Each
/// save is one decision of the dossier's task, carrying the scores.
/// </summary>
public sealed class IndexModel(
    PortalDbContext db, TaskQueries tasks, InstanceQueries instances, TaskService taskService, CurrentUnit current, IStringLocalizer<SharedResource> t,
    IStringLocalizer<ExamsResource> e)
    : PageModel
{
    public IReadOnlyList<RegradePaperTask> Tasks { get; private set; } = [];
    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Saves the scores of task <paramref name="task"/>, given in the order of its papers (comma or point as the decimal mark).</summary>
    public async Task<IActionResult> OnPostAsync(Guid task, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Tasks.FirstOrDefault(x => x.Task.Id == task) is not { } open)
        {
            Message = t["Staff.StepChanged"];
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        var given = Request.Form["diem"];
        var scores = new JsonObject();
        for (var i = 0; i < open.Subjects.Count; i++)
        {
            var text = i < given.Count ? given[i]?.Trim().Replace(',', '.') : null;
            if (RegradePublication.ScoreOf(JsonValue.Create(text)) is not { } score)
            {
                Message = e["Regrade.Staff.InvalidScore"];
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return Page();
            }

            scores[open.Subjects[i]] = score;
        }

        var (decision, key) = open.IsHead
            ? (RegradeWorkflow.Events.Decided, RegradeJoin.FinalScoresKey)
            : (RegradeWorkflow.Events.Graded, RegradeJoin.ScoresKey);
        try
        {
            var result = await taskService.DecideAsync(task, decision, null, new JsonObject { [key] = scores },
                StaffActor.For(User, HttpContext, current.Unit.Id, open.Task.Role), ct);
            if (result.Outcome == DecisionOutcome.AlreadyDecided)
            {
                Message = t["Staff.AlreadyDecided", result.DecidedBy ?? "?", result.DecidedAt is { } at ? VietnamTime.DateTime(at) : "?"];
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            }
        }
        catch (TaskActionRefusedException refused) when (refused.Reason == TaskRefusal.AlreadyDecidedAnotherSeat)
        {
            Message = e["Regrade.Staff.SecondSeat"];
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        catch (Exception ex) when (StaffOutcomes.IsRefusal(ex))
        {
            Message = await StaffOutcomes.MessageAsync(ex, task, tasks, User.UserId(), current.Unit.Id, t, ct);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        return Redirect(Url.Content($"~/can-bo/{current.Unit.Slug}/phuc-khao"));
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var roles = StaffActor.RolesIn(User, current.Unit.Id);
        var open = await tasks.ListAsync(new TaskQuery([current.Unit.Id], roles) { Definition = RegradeWorkflow.WorkflowName, Take = 100 }, ct);
        var list = new List<RegradePaperTask>();
        var examNames = new Dictionary<Guid, string>();
        foreach (var task in open)
        {
            // The two seats of one request are the same papers: a grader is offered one, the other once it is taken.
            var isHead = task.Step == RegradeWorkflow.Steps.Head;
            if (!isHead && list.Any(x => x.Task.InstanceId == task.InstanceId && !x.IsHead))
            {
                continue;
            }

            if (await instances.GetAsync(task.InstanceId, ct) is not { } instance)
            {
                continue;
            }

            var state = instance.State;
            var (examId, number, subjects) = RegradeRequest.FromState(state);
            if (!examNames.TryGetValue(examId, out var examName))
            {
                examName = examNames[examId] = await db.Exams.Where(e => e.Id == examId).Select(e => e.Name).SingleAsync(ct);
            }

            IReadOnlyDictionary<string, decimal> original = new Dictionary<string, decimal>();
            if (isHead)
            {
                original = await db.ExamCandidates.Where(c => c.ExamId == examId && c.Number == number).Select(c => c.Scores).SingleAsync(ct);
            }

            list.Add(new RegradePaperTask(task, examName, number, subjects, isHead, original,
                state[RegradeJoin.GivenKey] as JsonObject, state[RegradeJoin.FinalScoresKey] as JsonObject));
        }

        Tasks = list;
    }
}

/// <summary>One open re-grading task: its papers, and for the head what the graders gave and the original scores.</summary>
public sealed record RegradePaperTask(TaskSummary Task, string ExamName, string Number, IReadOnlyList<string> Subjects, bool IsHead,
    IReadOnlyDictionary<string, decimal> Original, JsonObject? Given, JsonObject? Agreed)
{
    public string GivenText(string subject) => Given?[subject] is JsonArray scores && scores.Count > 0
        ? string.Join(" / ", scores.Select(s => decimal.Parse(s!.ToJsonString(), CultureInfo.InvariantCulture).ToString("0.00", CultureInfo.InvariantCulture)))
        : "—";

    public string? AgreedText(string subject) => RegradePublication.ScoreOf(Agreed?[subject])?.ToString("0.00", CultureInfo.InvariantCulture);
}
