using Microsoft.AspNetCore.Http;
using Services.Workflows.Exams;

namespace Services.Web.Pages.Exams.Staff;

/// <summary>The status and sentence (a resource key) for each refusal of a certificate change.</summary>
internal static class CertificateChangeOutcome
{
    public static int StatusOf(CertificateChangeRefusal reason) => reason switch
    {
        CertificateChangeRefusal.NoSuchCertificate => StatusCodes.Status404NotFound,
        CertificateChangeRefusal.OtherUnit or CertificateChangeRefusal.NotAllowed or CertificateChangeRefusal.OwnProposal => StatusCodes.Status403Forbidden,
        CertificateChangeRefusal.AlreadyPending or CertificateChangeRefusal.AlreadyRevoked or CertificateChangeRefusal.NotPending => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    public static string MessageKey(CertificateChangeRefusal reason) => $"Exams.Changes.Refusal.{reason}";
}
