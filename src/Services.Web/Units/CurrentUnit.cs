using Microsoft.AspNetCore.Mvc.Filters;

namespace Services.Web.Units;

/// <summary>The unit whose portal this request shows: the <c>{unit}</c> route value, else the host's unit, else the department.</summary>
public sealed class CurrentUnit
{
    private UnitView? _unit;

    public UnitView Unit => _unit ?? throw new InvalidOperationException("The current unit is resolved by UnitResolutionFilter before a page runs.");

    public bool IsResolved => _unit is not null;

    internal void Set(UnitView unit) => _unit = unit;
}

/// <summary>Resolves <see cref="CurrentUnit"/> for every page; an unknown unit slug is a real 404.</summary>
internal sealed class UnitResolutionFilter(UnitDirectory units, CurrentUnit current) : IAsyncPageFilter
{
    private async Task<UnitView?> TryDefaultUnitAsync(HttpContext http, CancellationToken ct)
    {
        try
        {
            return await units.FindByHostAsync(http.Request.Host.Host, ct) ?? await units.RootAsync(ct);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return null;
        }
    }

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var ct = context.HttpContext.RequestAborted;
        UnitView? unit;
        if (context.RouteData.Values.TryGetValue("unit", out var value) && value is string slug)
        {
            unit = await units.FindBySlugAsync(slug, ct);
            if (unit is null)
            {
                context.Result = new Microsoft.AspNetCore.Mvc.NotFoundResult();
                return;
            }
        }
        else if (context.ActionDescriptor.EndpointMetadata.OfType<RendersWithoutDatabaseAttribute>().Any())
        {
            // Error pages must render even when the database is what failed.
            unit = await TryDefaultUnitAsync(context.HttpContext, ct);
        }
        else
        {
            unit = await units.FindByHostAsync(context.HttpContext.Request.Host.Host, ct) ?? await units.RootAsync(ct);
        }

        if (unit is not null)
        {
            current.Set(unit);
        }

        await next();
    }
}

/// <summary>Marks a page that must render without the database (the error pages).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RendersWithoutDatabaseAttribute : Attribute;
