using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Services.Data.Migrations;

[DbContext(typeof(PortalDbContext))]
[Migration("20261128150000_ParallelBranchesAndBatchRaises")]
public sealed class ParallelBranchesAndBatchRaises : SqlFileMigration;
