using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Services.Data.Migrations;

[DbContext(typeof(PortalDbContext))]
[Migration("20261128120000_ServiceSeam")]
public sealed class ServiceSeam : SqlFileMigration;
