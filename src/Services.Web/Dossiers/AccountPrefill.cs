using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Services.Data.Identity;
using Services.Web.Security;
using Services.Workflows.Dossiers;

namespace Services.Web.Dossiers;

/// <summary>
/// What a signed-in citizen's account already says about the applicant (name, phone, e-mail), offered as the first
/// answers of a new application so a parent does not type them again; every one of them stays editable. Staff get
/// nothing: at the counter they apply on someone else's behalf, and their own details would be wrong.
/// </summary>
public sealed class AccountPrefill(UserManager<PortalUser> users)
{
    public async Task<IReadOnlyDictionary<string, string>> AnswersAsync(ClaimsPrincipal principal, ApplicantKeys keys)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(keys);
        if (principal.UserId() is not { } id || principal.Memberships().Any() || await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return new Dictionary<string, string>();
        }

        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        Offer(answers, keys.Name, user.FullName);
        Offer(answers, keys.Phone, user.PhoneNumber);
        Offer(answers, keys.Email, user.Email);
        return answers;
    }

    private static void Offer(Dictionary<string, string> answers, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            answers[key] = value.Trim();
        }
    }
}

/// <summary>The form keys under which a service asks for the applicant's name, phone and e-mail.</summary>
public sealed record ApplicantKeys(string Name, string Phone, string Email)
{
    /// <summary>The keys of <see cref="Applicant.Questions"/>, shared by the generic forms and most services.</summary>
    public static ApplicantKeys Standard { get; } = new(Applicant.NameKey, Applicant.PhoneKey, Applicant.EmailKey);
}
