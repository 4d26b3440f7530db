using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Services.Workflows.Consultations;

namespace Services.Web.Pages.Consultations;

/// <summary>
/// The link e-mailed to a commenter. Opening it only shows a button: mail scanners open links, and a comment should
/// count because a person confirmed it; the POST confirms.
/// </summary>
public sealed class ConfirmModel(ConsultationRegistry registry) : PageModel
{
    public bool Confirmed { get; private set; }
    public Guid? ConsultationId { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        var comment = await registry.ConfirmAsync(token, ct);
        if (comment is null)
        {
            return NotFound();
        }

        Confirmed = true;
        ConsultationId = comment.ConsultationId;
        return Page();
    }
}
