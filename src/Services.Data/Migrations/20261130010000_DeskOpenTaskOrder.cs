using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Services.Data.Migrations;

[DbContext(typeof(PortalDbContext))]
[Migration("20261130010000_DeskOpenTaskOrder")]
public sealed class DeskOpenTaskOrder : SqlFileMigration;
