using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Admissions;
using Services.Data.Workflows;
using Services.Workflows.Dossiers;
using Services.Workflows.Runtime;

namespace Services.Workflows.Admissions;

/// <summary>
/// The families' result notices (e-mail, in-app, and a short SMS to the parent's phone through the gateway's webhook), written as outbox messages in the same transaction as the draw's
/// result and due at the campaign's publication time: the dispatcher takes only messages whose time has come, so no
/// notice leaves under the embargo, and a restart changes nothing (they are rows). Each message's id is derived from
/// the application, the round and the channel, so a draw re-run after a crash adds no second notice.
/// </summary>
internal static class AdmissionNotices
{
    public const string FirstRound = "round-1";
    public const string SecondRound = "round-2";

    /// <summary>Adds (to the context, unsaved) one notice per channel for each application, due at <paramref name="dueAt"/>.</summary>
    public static async Task AddAsync(PortalDbContext db, AdmissionCampaign campaign, IReadOnlyList<(AdmissionApplication Application, string Code)> applications,
        string round, DateTimeOffset dueAt, DateTimeOffset now, CancellationToken ct)
    {
        if (applications.Count == 0)
        {
            return;
        }

        var dossierIds = applications.Select(a => a.Application.DossierId).ToList();
        var dossiers = await db.Dossiers.AsNoTracking().Where(d => dossierIds.Contains(d.Id))
            .Select(d => new { d.Id, d.ApplicantEmail, d.ApplicantUserId, d.ApplicantPhone }).ToDictionaryAsync(d => d.Id, ct);
        var codes = applications.Select(a => a.Code).ToList();
        var instances = await db.WorkflowInstances.AsNoTracking()
            .Where(i => i.DefinitionName == AdmissionApplicationWorkflow.WorkflowName && codes.Contains(i.Correlation))
            .Select(i => new { i.Correlation, i.Id }).ToDictionaryAsync(i => i.Correlation, i => i.Id, ct);
        var schoolIds = campaign.Schools.Select(s => s.SchoolId).Append(campaign.UnitId).ToList();
        var units = await db.Units.AsNoTracking().Where(u => schoolIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => (u.NameVi, u.Slug), ct);
        var resultUrl = await ResultUrlAsync(db, codes[0], units.GetValueOrDefault(campaign.UnitId).Slug, ct);

        var messages = new List<OutboxMessage>();
        foreach (var (application, code) in applications)
        {
            if (!dossiers.TryGetValue(application.DossierId, out var dossier))
            {
                continue;
            }

            var (subject, body) = Text(campaign, application, code, units, resultUrl, dueAt, round != FirstRound);
            var instanceId = instances.TryGetValue(code, out var found) ? found : (Guid?)null;
            if (!string.IsNullOrWhiteSpace(dossier.ApplicantEmail))
            {
                messages.Add(Message(application.Id, round, NotificationChannel.Email, dossier.ApplicantEmail, instanceId, subject, body, dueAt, now));
            }

            if (dossier.ApplicantUserId is { } userId)
            {
                messages.Add(Message(application.Id, round, NotificationChannel.InApp, userId.ToString(), instanceId, subject, body, dueAt, now));
            }

            if (!string.IsNullOrWhiteSpace(dossier.ApplicantPhone))
            {
                messages.Add(Message(application.Id, round, NotificationChannel.Sms, dossier.ApplicantPhone.Trim(), instanceId, "",
                    Sms(campaign, application, code, units, round != FirstRound), dueAt, now));
            }
        }

        var ids = messages.Select(m => m.Id).ToList();
        var existing = (await db.OutboxMessages.AsNoTracking().Where(m => ids.Contains(m.Id)).Select(m => m.Id).ToListAsync(ct)).ToHashSet();
        db.OutboxMessages.AddRange(messages.Where(m => !existing.Contains(m.Id)));
    }

    /// <summary>The stable id of one notice: the same application, round and channel always give the same id.</summary>
    public static Guid MessageId(Guid applicationId, string round, NotificationChannel channel)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"admission-notice\n{applicationId:N}\n{round}\n{channel}"));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80); // version 8 (name-based, custom), in Guid's byte order
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private static OutboxMessage Message(Guid applicationId, string round, NotificationChannel channel, string recipient, Guid? instanceId, string subject,
        string body, DateTimeOffset dueAt, DateTimeOffset now) => new()
    {
        Id = MessageId(applicationId, round, channel), InstanceId = instanceId, Channel = channel, Recipient = recipient, Subject = subject, Body = body,
        Status = OutboxStatus.Pending, Attempts = 0, NextAttemptAt = dueAt, CreatedAt = now,
    };

    private static (string Subject, string Body) Text(AdmissionCampaign campaign, AdmissionApplication application, string code,
        IReadOnlyDictionary<Guid, (string NameVi, string Slug)> units, string? resultUrl, DateTimeOffset publishedAt, bool secondRound)
    {
        var name = $"tuyển sinh lớp {campaign.Grade} năm học {campaign.SchoolYear}";
        var subject = StepWriter.Truncate($"[{code}] Kết quả {name}", 300);
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"Kết quả {name} của hồ sơ {code} được công bố lúc {StepWriter.Local(publishedAt)}.\n");
        if (secondRound && application.PlacedSchoolId is { } offered)
        {
            body.Append(CultureInfo.InvariantCulture,
                $"Từ danh sách chờ, trẻ được xét bổ sung và trúng tuyển vào {units.GetValueOrDefault(offered).NameVi} (nguyện vọng {application.PlacedChoice}); nhà trường sẽ liên hệ để hoàn tất thủ tục nhập học.\n");
        }
        else if (application.Status == AdmissionStatus.Placed && application.PlacedSchoolId is { } school)
        {
            body.Append(CultureInfo.InvariantCulture,
                $"Trẻ trúng tuyển vào {units.GetValueOrDefault(school).NameVi} (nguyện vọng {application.PlacedChoice}).\n");
            body.Append(CultureInfo.InvariantCulture,
                $"Xin xác nhận nhập học trực tuyến trước {StepWriter.Local(campaign.SecondRoundAt)}; sau thời hạn này chỗ học chưa được xác nhận sẽ dành cho danh sách chờ.\n");
        }
        else
        {
            body.Append("Trẻ chưa trúng tuyển vào nguyện vọng nào và ở trong danh sách chờ: chỗ học không được xác nhận sẽ được xét lại theo đúng thứ tự của đợt xét tuyển.\n");
        }

        body.Append(resultUrl is null
            ? "Xem kết quả và lời giải thích tại trang Tuyển sinh đầu cấp, mục Kết quả tuyển sinh (tra cứu bằng mã định danh cá nhân và ngày sinh của trẻ).\n"
            : $"Xem kết quả và lời giải thích (tra cứu bằng mã định danh cá nhân và ngày sinh của trẻ): {resultUrl}\n");
        return (subject, body.ToString());
    }

    /// <summary>The same news in one short text message: the outcome and what to do, the details being in the e-mail and on the result page.</summary>
    private static string Sms(AdmissionCampaign campaign, AdmissionApplication application, string code,
        IReadOnlyDictionary<Guid, (string NameVi, string Slug)> units, bool secondRound)
    {
        var head = $"Tuyển sinh lớp {campaign.Grade} năm học {campaign.SchoolYear}, hồ sơ {code}: ";
        if (application.PlacedSchoolId is { } school && (secondRound || application.Status == AdmissionStatus.Placed))
        {
            var placed = $"{head}{(secondRound ? "từ danh sách chờ, " : "")}trẻ trúng tuyển vào {units.GetValueOrDefault(school).NameVi} (nguyện vọng {application.PlacedChoice}).";
            return secondRound ? placed : $"{placed} Xin xác nhận nhập học trực tuyến trước {StepWriter.Local(campaign.SecondRoundAt)}.";
        }

        return $"{head}trẻ chưa trúng tuyển và ở trong danh sách chờ. Xem kết quả và lời giải thích trên cổng dịch vụ công.";
    }

    /// <summary>The families' result page as an absolute link, on the public address the dossiers' status links carry.</summary>
    private static async Task<string?> ResultUrlAsync(PortalDbContext db, string code, string? officeSlug, CancellationToken ct)
    {
        if (officeSlug is null)
        {
            return null;
        }

        var state = await db.WorkflowInstances.AsNoTracking()
            .Where(i => i.DefinitionName == AdmissionApplicationWorkflow.WorkflowName && i.Correlation == code).Select(i => i.State).FirstOrDefaultAsync(ct);
        if (state is null || System.Text.Json.Nodes.JsonNode.Parse(state)?[DossierState.StatusUrl]?.GetValue<string>() is not { } statusUrl
            || !Uri.TryCreate(statusUrl, UriKind.Absolute, out var status))
        {
            return null;
        }

        return $"{status.GetLeftPart(UriPartial.Authority)}/{officeSlug}/dich-vu/{AdmissionService.Slug}/ket-qua";
    }
}
