using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Data;
using Services.Web.Units;
using Services.Workflows.Dossiers;

namespace Services.Web.Pages.Portal.OnlineServices;

/// <summary>The unit's online services (Dịch vụ công): what every registered service offers here, with its processing time.</summary>
public sealed class IndexModel(PortalDbContext db, CurrentUnit current, ServiceDefinitions services) : PageModel
{
    public IReadOnlyList<ServiceOffering> Offerings { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var offerings = new List<ServiceOffering>();
        foreach (var service in services.All)
        {
            offerings.AddRange(await service.OfferingsAsync(db, current.Unit.Id, includeUnpublished: false, ct));
        }

        Offerings = [.. offerings.OrderBy(o => o.TitleVi, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("vi"), ignoreCase: true))];
    }
}
