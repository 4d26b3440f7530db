using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Services.Data.Migrations;

[DbContext(typeof(PortalDbContext))]
[Migration("20261129050000_SearchChanges")]
public sealed class SearchChanges : SqlFileMigration;
