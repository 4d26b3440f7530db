using Microsoft.AspNetCore.Identity;
using Microsoft.Playwright;
using Npgsql;

namespace Services.Tests.E2e.Infrastructure;

/// <summary>
/// A fresh staff account per test, as a unit admin would grant it, so no test depends on what another did to the demo
/// accounts (two-factor already set up or not).
/// </summary>
public static class StaffAccounts
{
    public const string Password = "Staff@2026-e2e";

    /// <summary>A confirmed citizen account (no unit role, so no second factor), signed in with <see cref="Password"/>.</summary>
    public static Task<string> CreateCitizenAsync(PortalApp app, string fullName) => CreateAsync(app, null, null, fullName);

    public static Task<string> CreateAsync(PortalApp app, string? unitSlug, string? role, string fullName) =>
        CreateAsync(app.ConnectionString, unitSlug, role, fullName);

    /// <summary>The same, in any portal database (e.g. one hosted in-process by a test).</summary>
    public static async Task<string> CreateAsync(string connectionString, string? unitSlug, string? role, string fullName)
    {
        var email = $"{(role is null ? "citizen" : "staff")}-{Guid.NewGuid():N}@e2e.test";
        var hash = new PasswordHasher<object>().HashPassword(new object(), Password);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            WITH u AS (
                INSERT INTO users (id, full_name, created_at, user_name, normalized_user_name, email, normalized_email, email_confirmed, password_hash,
                                   security_stamp, concurrency_stamp, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
                VALUES (gen_random_uuid(), $1, now(), $2, upper($2), $2, upper($2), true, $3, $4, $5, false, false, true, 0)
                RETURNING id)
            INSERT INTO unit_memberships (id, user_id, unit_id, role, granted_at)
            SELECT gen_random_uuid(), u.id, units.id, $6, now() FROM u, units WHERE units.slug = $7 AND $6 IS NOT NULL
            """, connection);
        foreach (var value in new object?[] { fullName, email, hash, Guid.NewGuid().ToString("N").ToUpperInvariant(), Guid.NewGuid().ToString(), role, unitSlug })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        }

        Assert.Equal(role is null ? 0 : 1, await command.ExecuteNonQueryAsync()); // rows of the last statement: the membership
        return email;
    }

    /// <summary>
    /// Signs in with the password and completes the first-time two-factor set-up, ending at <paramref name="returnPath"/>.
    /// The authenticator code is computed at the portal's time (<paramref name="portalClock"/>, when a test has moved it).
    /// </summary>
    public static async Task SignInAsync(IPage page, string email, string returnPath, TimeProvider? portalClock = null)
    {
        await page.GotoAsync($"/tai-khoan/dang-nhap?returnUrl={Uri.EscapeDataString(returnPath)}");
        await page.GetByLabel("Thư điện tử").FillAsync(email);
        await page.GetByLabel("Mật khẩu").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await page.WaitForURLAsync("**/tai-khoan/xac-thuc-hai-buoc/thiet-lap**");
        var key = await page.Locator("#authenticator-key").InnerTextAsync();
        await page.GetByLabel("Mã xác thực gồm 6 chữ số").FillAsync(Totp.Code(key, (portalClock ?? TimeProvider.System).GetUtcNow()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Bật xác thực hai bước" }).ClickAsync();
        await page.Locator("#continue").ClickAsync();
        await page.WaitForURLAsync($"**{returnPath}**");
    }
}
