using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Services.Data.Migrations;

[DbContext(typeof(PortalDbContext))]
[Migration("20261130060000_GradeCapacityAndNoticeReturns")]
public sealed class GradeCapacityAndNoticeReturns : SqlFileMigration;
