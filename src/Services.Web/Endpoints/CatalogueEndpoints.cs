using Microsoft.Net.Http.Headers;
using Services.Web.Catalogue;
using Services.Web.Units;
using Services.Workflows.Dossiers.Attachments;

namespace Services.Web.Endpoints;

/// <summary>
/// Non-page endpoints of the public catalogue. A form file is served only while its procedure is published, as an
/// attachment (never rendered inline by the browser) with the type detected when it was uploaded.
/// </summary>
public static class CatalogueEndpoints
{
    public const string FormRoute = "/{unit}/thu-tuc/{code}/bieu-mau/{formId:guid}";

    public static IEndpointRouteBuilder MapCatalogueEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(FormRoute, DownloadFormAsync).AllowAnonymous().WithName("CatalogueForm");
        return app;
    }

    internal static async Task<IResult> DownloadFormAsync(
        string unit, string code, Guid formId,
        UnitDirectory units, ProcedureCatalogue catalogue, IAttachmentStore store, ILoggerFactory loggers, CancellationToken ct)
    {
        if (await units.FindBySlugAsync(unit, ct) is not { } owner
            || await catalogue.FindFormAsync(owner.Id, code, formId, ct) is not { } form)
        {
            return Results.NotFound();
        }

        var content = store.OpenRead(form.Sha256);
        if (content is null)
        {
            loggers.CreateLogger(typeof(CatalogueEndpoints)).LogError(
                "Form {FormId} of procedure {Code} in {Unit} refers to missing file {Sha256}", form.Id, code, unit, form.Sha256);
            return Results.NotFound();
        }

        // Content-addressed: the hash is a perfect validator, so repeat downloads can be answered with 304.
        return Results.File(content, form.ContentType, form.FileName,
            entityTag: new EntityTagHeaderValue($"\"{form.Sha256}\""), enableRangeProcessing: true);
    }
}
