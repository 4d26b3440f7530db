using Microsoft.EntityFrameworkCore;
using Services.Data;

namespace Services.Web.Security;

/// <summary>The number under the bell: the signed-in user's unread in-app messages (one indexed count per page).</summary>
public sealed class UnreadNotifications(PortalDbContext db, IHttpContextAccessor http)
{
    public async Task<int> CountAsync()
    {
        var user = http.HttpContext?.User;
        if (user?.UserId() is not { } me)
        {
            return 0;
        }

        try
        {
            return await db.Notifications.CountAsync(n => n.UserId == me && n.ReadAt == null);
        }
        catch (Npgsql.NpgsqlException)
        {
            return 0; // the layout of the 503 page must render while the database is away
        }
    }
}
