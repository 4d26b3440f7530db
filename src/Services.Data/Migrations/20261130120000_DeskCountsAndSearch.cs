using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Services.Data.Migrations;

[DbContext(typeof(PortalDbContext))]
[Migration("20261130120000_DeskCountsAndSearch")]
public sealed class DeskCountsAndSearch : SqlFileMigration;
