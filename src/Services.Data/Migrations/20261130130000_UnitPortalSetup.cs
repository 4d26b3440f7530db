using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Services.Data.Migrations;

[DbContext(typeof(PortalDbContext))]
[Migration("20261130130000_UnitPortalSetup")]
public sealed class UnitPortalSetup : SqlFileMigration;
