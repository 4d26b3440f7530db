using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Services.Data.Migrations;

[DbContext(typeof(PortalDbContext))]
[Migration("20261130030000_CertificateChanges")]
public sealed class CertificateChanges : SqlFileMigration;
