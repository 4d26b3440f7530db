namespace Services.Web.Pages.Workplace;

/// <summary>
/// Where a staff member goes after signing in: their workplace home, unless they were on their way to a staff or
/// account page (a bookmarked dossier, a notification). The public pages are not where their work is.
/// </summary>
public static class WorkplaceLanding
{
    private static readonly string[] StaffAreas = ["/can-bo", "/quan-tri", "/kiem-tra", "/he-thong", "/tai-khoan"];

    public static string For(string returnUrl, string pathBase, string home)
    {
        ArgumentNullException.ThrowIfNull(returnUrl);
        var path = returnUrl.Split('?', '#')[0];
        if (pathBase.Length > 0 && path.StartsWith(pathBase, StringComparison.OrdinalIgnoreCase))
        {
            path = path[pathBase.Length..];
        }

        return StaffAreas.Any(area => path.Equals(area, StringComparison.OrdinalIgnoreCase) || path.StartsWith(area + "/", StringComparison.OrdinalIgnoreCase))
            ? returnUrl
            : home;
    }
}
