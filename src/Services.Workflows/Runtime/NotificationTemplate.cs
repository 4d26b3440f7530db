using System.Text;
using System.Text.Json.Nodes;
using Services.Data.Identity;
using Services.Data.Workflows;

namespace Services.Workflows.Runtime;

/// <summary>
/// A notification a transition sends. Subject and body may use <c>{correlation}</c>, <c>{step}</c> (the step entered)
/// and <c>{state.key}</c> placeholders.
/// </summary>
public sealed record NotificationTemplate(NotificationChannel Channel, Recipient To, string Subject, string Body)
{
    public static NotificationTemplate Email(Recipient to, string subject, string body) => new(NotificationChannel.Email, to, subject, body);

    public static NotificationTemplate InApp(Recipient to, string subject, string body) => new(NotificationChannel.InApp, to, subject, body);

    public static NotificationTemplate Sms(Recipient to, string body) => new(NotificationChannel.Sms, to, "", body);

    internal static string Render(string template, string correlation, string step, JsonObject state)
    {
        var result = new StringBuilder(template.Length + 32);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            var close = open < 0 ? -1 : template.IndexOf('}', open);
            if (open < 0 || close < 0)
            {
                result.Append(template, i, template.Length - i);
                break;
            }

            result.Append(template, i, open - i);
            var key = template[(open + 1)..close];
            result.Append(key switch
            {
                "correlation" => correlation,
                "step" => step,
                _ when key.StartsWith("state.", StringComparison.Ordinal) => StateText(state, key["state.".Length..]) ?? "",
                _ => template[open..(close + 1)],
            });
            i = close + 1;
        }

        return result.ToString();
    }

    internal static string? StateText(JsonObject state, string key) =>
        state[key] is JsonValue value ? (value.TryGetValue<string>(out var s) ? s : value.ToJsonString()) : state[key]?.ToJsonString();
}

/// <summary>Who receives a notification; resolved when the transition is written, inside its transaction.</summary>
public abstract record Recipient
{
    /// <summary>A fixed address (e-mail or phone) or user id (in-app).</summary>
    public static Recipient Address(string value) => new FixedAddress(value);

    /// <summary>An address or user id stored in the instance state, e.g. the applicant's e-mail.</summary>
    public static Recipient StateValue(string key) => new StateAddress(key);

    /// <summary>Like <see cref="StateValue"/>, but sends nothing when the state has no value under the key.</summary>
    public static Recipient StateValueIfAny(string key) => new OptionalStateAddress(key);

    /// <summary>Every member of the instance's unit holding <paramref name="role"/>.</summary>
    public static Recipient UnitRole(PortalRole role) => new UnitRoleMembers(role);

    /// <summary>The leaders listed for the instance's unit (e-mail only).</summary>
    public static readonly Recipient UnitLeaders = new Leaders();

    public sealed record FixedAddress(string Value) : Recipient;

    public sealed record StateAddress(string Key) : Recipient;

    public sealed record OptionalStateAddress(string Key) : Recipient;

    public sealed record UnitRoleMembers(PortalRole Role) : Recipient;

    public sealed record Leaders : Recipient;
}
