using System.Globalization;
using System.Resources;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Services.Data;
using Services.Data.Dossiers;
using Services.Data.Exams;
using Services.Workflows.Dossiers;
using Services.Workflows.Runtime;

namespace Services.Workflows.Regrading;

/// <summary>
/// Phúc khảo: a candidate who found their result asks, within the exam's window, for some of their papers to be
/// graded again (the fee is per paper). The request is a dossier of the exam's unit; its status is followed like any
/// other, and the new scores appear beside the old ones on the result page.
/// </summary>
public sealed class RegradeService : ServiceDefinition
{
    public const string ServiceKey = "exam-regrade";
    public const string Slug = "phuc-khao";
    public const string TitleVi = "Phúc khảo bài thi";
    public const string TitleEn = "Exam re-grading";

    /// <summary>Dossier data: what the candidate asked and what it cost.</summary>
    public const string ExamNameKey = "ky-thi";
    public const string NumberKey = "so-bao-danh";
    public const string SubjectsKey = "mon-phuc-khao";
    public const string OldScoresKey = "diem-truoc-phuc-khao";
    public const string FeeKey = "le-phi";

    private static readonly ResourceManager TextResources = new("Services.Workflows.Regrading.RegradeTexts", typeof(RegradeService).Assembly);

    public override string Key => ServiceKey;

    public override WorkflowDefinition Workflow { get; } = new RegradeWorkflow();

    protected override ResourceManager Texts => TextResources;

    public override IReadOnlyList<NotificationTemplate> OnSubmitted => RegradeWorkflow.OnSubmitted;

    public static int ProcessingDays => RegradeWorkflow.GradingDays + RegradeWorkflow.HeadDays;

    public override CitizenActions ActionsAt(string stepName) => stepName == RegradeWorkflow.Steps.Done ? CitizenActions.Rate : CitizenActions.None;

    public override bool DecisionNeedsComment(string decision) => false;

    public override DecisionTone ToneOf(string decision) => DecisionTone.Positive;

    /// <summary>
    /// Not in the catalogue (a request starts from the candidate's result page, where the exam and the candidate are
    /// known); offered to staff's filter by the units holding exams.
    /// </summary>
    public override async Task<ILookup<Guid, ServiceOffering>> OfferingsAsync(PortalDbContext db, IReadOnlyCollection<Guid> unitIds, bool includeUnpublished, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var examining = includeUnpublished
            ? await db.Exams.Where(e => unitIds.Contains(e.UnitId)).Select(e => e.UnitId).Distinct().ToListAsync(ct)
            : [];
        var offering = new ServiceOffering(Key, Slug, TitleVi, TitleEn, "Thí sinh đề nghị chấm lại bài thi từ trang kết quả tra cứu điểm.",
            "Candidates ask for papers to be graded again from their result page.", ProcessingDays, "../tra-cuu-diem");
        return examining.ToLookup(id => id, _ => offering);
    }

    public override Task<IReadOnlyList<DossierAnswer>> AnswersAsync(PortalDbContext db, Dossier dossier, bool english, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        var data = dossier.Data;
        IReadOnlyList<DossierAnswer> answers =
        [
            new(ExamNameKey, english ? "Exam" : "Kỳ thi", data.GetValueOrDefault(ExamNameKey) ?? "—"),
            new(NumberKey, english ? "Candidate number" : "Số báo danh", data.GetValueOrDefault(NumberKey) ?? "—"),
            new(SubjectsKey, english ? "Papers to re-grade" : "Bài thi đề nghị phúc khảo", data.GetValueOrDefault(SubjectsKey) ?? "—"),
            new(OldScoresKey, english ? "Scores before re-grading" : "Điểm trước phúc khảo", data.GetValueOrDefault(OldScoresKey) ?? "—"),
            new(FeeKey, english ? "Fee (VND)" : "Lệ phí (đồng)", data.GetValueOrDefault(FeeKey) ?? "—"),
        ];
        return Task.FromResult(answers);
    }

    public override void AddStartState(JsonObject state, DossierApplication application)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(application);
        var request = (RegradeRequest)application.ServiceData!;
        state[RegradeWorkflow.State.ExamId] = request.ExamId.ToString();
        state[RegradeWorkflow.State.Number] = request.Number;
        state[RegradeWorkflow.State.Subjects] = new JsonArray([.. request.Subjects.Select(s => JsonValue.Create(s))]);
    }

    public override IEnumerable<NpgsqlBatchCommand> ServiceRows(Guid dossierId, DossierApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        var request = (RegradeRequest)application.ServiceData!;
        var command = new NpgsqlBatchCommand(
            "INSERT INTO exam_regrades (dossier_id, exam_id, number, subjects, created_at) VALUES ($1, $2, $3, $4, now())");
        command.Parameters.Add(new NpgsqlParameter { Value = dossierId });
        command.Parameters.Add(new NpgsqlParameter { Value = request.ExamId });
        command.Parameters.Add(new NpgsqlParameter { Value = request.Number });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = System.Text.Json.JsonSerializer.Serialize(request.Subjects), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb,
        });
        yield return command;
    }

    /// <summary>
    /// What the candidate may still ask of <paramref name="examId"/> now: the window, the fee and the papers with a
    /// score not yet re-graded, plus the tracking code of a request already made (one per candidate and exam).
    /// </summary>
    public static async Task<RegradeOffer?> OfferAsync(PortalDbContext db, Guid examId, string number, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var exam = await db.Exams.AsNoTracking().SingleOrDefaultAsync(e => e.Id == examId, ct);
        var candidate = await db.ExamCandidates.AsNoTracking().SingleOrDefaultAsync(c => c.ExamId == examId && c.Number == number, ct);
        if (exam is null || candidate is null || !exam.IsPublished(now))
        {
            return null;
        }

        var existing = await db.ExamRegrades.AsNoTracking().Where(r => r.ExamId == examId && r.Number == number)
            .Join(db.Dossiers, r => r.DossierId, d => d.Id, (r, d) => d.TrackingCode).SingleOrDefaultAsync(ct);
        var papers = exam.Subjects.Where(candidate.Scores.ContainsKey).Select(s => (s, candidate.Scores[s])).ToList();
        return new RegradeOffer(exam, candidate, papers, exam.TakesRegrades(now) && existing is null, existing);
    }

    /// <summary>The application for the papers <paramref name="subjects"/>; null when the offer does not allow them.</summary>
    public DossierApplication? Application(RegradeOffer offer, IReadOnlyCollection<string> subjects, string? phone, string? email, string unitName,
        Guid idempotencyKey, string statusUrl, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(subjects);
        var chosen = offer.Papers.Where(p => subjects.Contains(p.Subject)).ToList();
        if (!offer.Open || chosen.Count == 0 || chosen.Count != subjects.Distinct(StringComparer.Ordinal).Count())
        {
            return null;
        }

        var data = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ExamNameKey] = offer.Exam.Name,
            [NumberKey] = offer.Candidate.Number,
            [SubjectsKey] = string.Join("; ", chosen.Select(p => p.Subject)),
            [OldScoresKey] = string.Join("; ", chosen.Select(p => $"{p.Subject}: {p.Score.ToString("0.00", CultureInfo.InvariantCulture)}")),
            [FeeKey] = offer.Fee(chosen.Count).ToString("N0", CultureInfo.GetCultureInfo("vi")),
        };
        return new DossierApplication(this, offer.Exam.UnitId, unitName, Slug, TitleVi, TitleEn, ProcessingDays, idempotencyKey,
            new Applicant(offer.Candidate.FullName, offer.Candidate.DateOfBirth, phone, email), data, statusUrl, actor,
            new RegradeRequest(offer.Exam.Id, offer.Candidate.Number, [.. chosen.Select(p => p.Subject)]));
    }
}

/// <summary>What one candidate may ask: <see cref="Open"/> while the exam's window is and no request was made yet.</summary>
public sealed record RegradeOffer(Exam Exam, ExamCandidate Candidate, IReadOnlyList<(string Subject, decimal Score)> Papers, bool Open, string? ExistingTrackingCode)
{
    public int Fee(int papers) => Exam.RegradeFee * papers;
}

/// <summary>The checked request the dossier's workflow and row are made from.</summary>
public sealed record RegradeRequest(Guid ExamId, string Number, IReadOnlyList<string> Subjects)
{
    /// <summary>The request as the workflow's state holds it (<see cref="RegradeService.AddStartState"/>).</summary>
    public static RegradeRequest FromState(JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new RegradeRequest(Guid.Parse(state[RegradeWorkflow.State.ExamId]!.GetValue<string>()), state[RegradeWorkflow.State.Number]!.GetValue<string>(),
            (state[RegradeWorkflow.State.Subjects] as JsonArray)?.Select(s => s!.GetValue<string>()).ToList() ?? []);
    }
}
