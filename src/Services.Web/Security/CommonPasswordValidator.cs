using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Services.Data.Identity;
using Services.Web.Localization;

namespace Services.Web.Security;

/// <summary>
/// Refuses passwords that are among the first an attacker tries (ASVS 2.1.7): words and keyboard runs everyone
/// uses, in English and Vietnamese, padded with digits or a year; one character repeated; or the account's own
/// address. The list is ours and small on purpose — length (12 characters) does the rest.
/// </summary>
public sealed class CommonPasswordValidator(IStringLocalizer<AccountResource> text) : IPasswordValidator<PortalUser>
{
    public const string ErrorCode = "PasswordTooCommon";

    private static readonly string[] CommonStems =
    [
        "password", "passw0rd", "matkhau", "admin", "administrator", "qwerty", "qwertyuiop", "asdfgh", "zxcvbn", "abc", "abcdef",
        "iloveyou", "anhyeuem", "emyeuanh", "yeuem", "welcome", "letmein", "monkey", "dragon", "football", "baseball",
        "sunshine", "princess", "master", "hello", "xinchao", "vietnam", "hanoi", "saigon", "hochiminh", "giaoduc",
        "dichvucong", "congthongtin", "truonghoc", "hocsinh", "giaovien", "user", "guest", "test", "changeme", "secret",
    ];

    public Task<IdentityResult> ValidateAsync(UserManager<PortalUser> manager, PortalUser user, string? password)
    {
        var compact = Compact(password ?? "");
        return Task.FromResult(IsCommon(compact, user.Email)
            ? IdentityResult.Failed(new IdentityError { Code = ErrorCode, Description = text["Identity." + ErrorCode] })
            : IdentityResult.Success);
    }

    /// <summary>True when the password, reduced to lower-case letters and digits, is guessable.</summary>
    public static bool IsCommon(string compact, string? email)
    {
        if (compact.Length == 0 || compact.Distinct().Count() <= 2 || IsRun(compact))
        {
            return true;
        }

        // A common stem with only digits around it ("password2026", "2026matkhau", "admin123456").
        var letters = new string(compact.Where(char.IsAsciiLetter).ToArray());
        if (letters.Length == 0 || CommonStems.Contains(letters, StringComparer.Ordinal))
        {
            return true;
        }

        var local = email?.Split('@')[0];
        return local is { Length: >= 4 } && compact.Contains(Compact(local), StringComparison.Ordinal);
    }

    private static bool IsRun(string compact)
    {
        var steps = 0;
        for (var i = 1; i < compact.Length; i++)
        {
            steps += Math.Abs(compact[i] - compact[i - 1]) == 1 ? 1 : 0;
        }

        return steps >= compact.Length - 2;
    }

    /// <summary>Lower case, accents and punctuation removed: "Mật-Khẩu@2026" → "matkhau2026".</summary>
    private static string Compact(string value)
    {
        var decomposed = value.Replace('đ', 'd').Replace('Đ', 'D').Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }
}
