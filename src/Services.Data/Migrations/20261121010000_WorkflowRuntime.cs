using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Services.Data.Migrations;

[DbContext(typeof(PortalDbContext))]
[Migration("20261121010000_WorkflowRuntime")]
public sealed class WorkflowRuntime : SqlFileMigration;
