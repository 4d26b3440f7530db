using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Services.Data.Identity;
using Services.Web.Localization;

namespace Services.Web.Pages.Account;

public sealed class ConfirmEmailModel(UserManager<PortalUser> users, IStringLocalizer<AccountResource> text) : AccountPageModel(text)
{
    public bool Confirmed { get; private set; }

    public async Task OnGetAsync(string? userId, string? code)
    {
        var token = AccountMail.DecodeToken(code);
        var user = Guid.TryParse(userId, out var id) ? await users.FindByIdAsync(id.ToString()) : null;
        if (user is null || token is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        Confirmed = (await users.ConfirmEmailAsync(user, token)).Succeeded;
        if (!Confirmed)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }
}
