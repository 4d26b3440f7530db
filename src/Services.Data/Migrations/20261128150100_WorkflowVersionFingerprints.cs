using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Services.Data.Migrations;

[DbContext(typeof(PortalDbContext))]
[Migration("20261128150100_WorkflowVersionFingerprints")]
public sealed class WorkflowVersionFingerprints : SqlFileMigration;
