using Services.Data.Exams;

namespace Services.Web.Pages.Exams;

/// <summary>A certificate found by a public check, with its issuer's name and the QR token that leads back to it.</summary>
public sealed record CertificateCheck(Certificate Certificate, string IssuerName, string Token);
