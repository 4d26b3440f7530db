using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Npgsql;
using Services.Data.Identity;

namespace Services.Web.Security;

/// <summary>
/// The authenticator-app check used for sign-in and set-up, in place of Identity's (which accepts ±2 time steps and
/// the same code again): a code is accepted for the current step or one step either side, and each step is used at
/// most once per user. The last used step is claimed in one atomic statement, so two requests racing with the same
/// code cannot both get in (S7).
/// </summary>
public sealed class OneTimeAuthenticatorCodes(NpgsqlDataSource dataSource, TimeProvider clock) : IUserTwoFactorTokenProvider<PortalUser>
{
    private const string TokenProvider = "[PortalTotp]";
    private const string TokenName = "LastUsedStep";

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<PortalUser> manager, PortalUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    /// <summary>Authenticator codes are made by the user's app, never by the server.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<PortalUser> manager, PortalUser user) => Task.FromResult("");

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<PortalUser> manager, PortalUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrWhiteSpace(key) || token.Length != 6 || !token.All(char.IsAsciiDigit))
        {
            return false;
        }

        var now = Totp.Step(clock.GetUtcNow());
        long? matched = null;
        // Every candidate is compared, in constant time, so the answer's timing does not say which step matched.
        for (var step = now - 1; step <= now + 1; step++)
        {
            var expected = Encoding.ASCII.GetBytes(Totp.Code(key, step));
            if (CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(token)))
            {
                matched ??= step;
            }
        }

        return matched is { } used && await ClaimStepAsync(user.Id, used);
    }

    /// <summary>True when <paramref name="step"/> is later than any step this user has used before (and is now recorded).</summary>
    private async Task<bool> ClaimStepAsync(Guid userId, long step)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO user_tokens (user_id, login_provider, name, value) VALUES ($1, $2, $3, $4)
            ON CONFLICT (user_id, login_provider, name) DO UPDATE SET value = excluded.value
            WHERE user_tokens.value::bigint < excluded.value::bigint
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        command.Parameters.Add(new NpgsqlParameter { Value = TokenProvider });
        command.Parameters.Add(new NpgsqlParameter { Value = TokenName });
        command.Parameters.Add(new NpgsqlParameter { Value = step.ToString(CultureInfo.InvariantCulture) });
        return await command.ExecuteNonQueryAsync() == 1;
    }
}
