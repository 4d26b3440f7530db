using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Services.Data.Migrations;

[DbContext(typeof(PortalDbContext))]
[Migration("20261128160000_Retention")]
public sealed class Retention : SqlFileMigration;
