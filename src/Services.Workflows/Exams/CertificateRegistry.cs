using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Services.Data;
using Services.Data.Exams;

namespace Services.Workflows.Exams;

/// <summary>
/// Each unit's registry of certificates: import (all or nothing, matched by serial so a corrected file updates) and
/// the public checks — by serial with the holder's name and date of birth, or by the id a signed QR token carries.
/// Revocation and correction are approved proposals (<see cref="CertificateChanges"/>).
/// </summary>
public sealed class CertificateRegistry(PortalDbContext db, TimeProvider clock)
{
    public async Task<ImportReport> ImportAsync(Guid unitId, Stream file, CancellationToken ct)
    {
        var parsed = CertificateFile.Read(file);
        if (parsed.Problems.Count > 0)
        {
            return new ImportReport(0, 0, 0, parsed.Problems);
        }

        var now = clock.GetUtcNow();
        var serials = parsed.Lines.Select(l => l.Serial).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var existing = await db.Certificates.Where(c => c.UnitId == unitId && serials.Contains(c.Serial)).ToDictionaryAsync(c => c.Serial, StringComparer.Ordinal, ct);
        var inserted = 0;
        foreach (var line in parsed.Lines)
        {
            if (!existing.TryGetValue(line.Serial, out var certificate))
            {
                certificate = new Certificate
                {
                    Id = Guid.NewGuid(), UnitId = unitId, Serial = line.Serial, RegisterNumber = "", HolderName = "", Type = "", Classification = "", Signer = "",
                    Status = CertificateStatus.Valid, UpdatedAt = now,
                };
                db.Certificates.Add(certificate);
                inserted++;
            }

            certificate.RegisterNumber = line.RegisterNumber;
            certificate.HolderName = line.HolderName;
            certificate.DateOfBirth = line.DateOfBirth;
            certificate.Type = line.Type;
            certificate.Classification = line.Classification;
            certificate.Year = line.Year;
            certificate.IssuedOn = line.IssuedOn;
            certificate.Signer = line.Signer;
        }

        // Only rows whose values changed count as updated, so importing the same file twice updates nothing.
        db.ChangeTracker.DetectChanges();
        var updated = db.ChangeTracker.Entries<Certificate>().Count(e => e.State == EntityState.Modified);
        foreach (var entry in db.ChangeTracker.Entries<Certificate>().Where(e => e.State == EntityState.Modified))
        {
            entry.Entity.UpdatedAt = now;
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new ImportReport(parsed.Lines.Count, inserted, updated, []);
    }

    public async Task<IReadOnlyList<Certificate>> OfUnitAsync(Guid unitId, CancellationToken ct) =>
        await db.Certificates.AsNoTracking().Where(c => c.UnitId == unitId).OrderByDescending(c => c.IssuedOn).ThenBy(c => c.Serial).Take(500).ToListAsync(ct);

    /// <summary>
    /// The certificate with this serial whose holder's name and date of birth match, else null — the same null for
    /// "no such serial" and "wrong name or date", so the answer never says which.
    /// </summary>
    public async Task<(Certificate? Match, bool SerialExists)> CheckAsync(string serial, string holderName, DateOnly dateOfBirth, CancellationToken ct)
    {
        var normalized = serial.Trim().ToUpperInvariant();
        var candidates = await db.Certificates.AsNoTracking().Where(c => c.Serial == normalized).ToListAsync(ct);
        var name = SameName(holderName);
        return (candidates.FirstOrDefault(c => c.DateOfBirth == dateOfBirth && SameName(c.HolderName) == name), candidates.Count > 0);
    }

    public Task<Certificate?> FindAsync(Guid id, CancellationToken ct) => db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);

    /// <summary>Names compare without regard to case, Unicode composition or repeated spaces (people type them differently).</summary>
    private static string SameName(string name) =>
        string.Join(' ', name.Normalize(NormalizationForm.FormC).Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLower(CultureInfo.GetCultureInfo("vi"));
}
