using Microsoft.AspNetCore.Builder;
using Services.Web;

namespace Services.Tests.Integration.Infrastructure;

/// <summary>The portal's real service container, pointed at a test database and a temporary data folder.</summary>
public static class PortalServices
{
    public static WebApplication Build(TestDatabase database, string dataPath) =>
        PortalApp.Build([], builder =>
        {
            builder.Configuration["ConnectionStrings:Portal"] = database.ConnectionString;
            builder.Configuration["Portal:DataPath"] = dataPath;
        });
}
