using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Services.Web.Security;

namespace Services.Web.ImportApi;

/// <summary>
/// The OpenAPI description at <c>/openapi/v1.json</c>: only the <c>/api</c> endpoints, with the OAuth 2.0
/// client-credentials scheme (token URL on the public address) and, on each operation, the scope it needs.
/// </summary>
internal static class ImportApiDocument
{
    public const string SchemeName = "oauth2";

    public static void Configure(OpenApiOptions options)
    {
        options.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
        options.AddDocumentTransformer((document, context, _) =>
        {
            var links = context.ApplicationServices.GetRequiredService<PublicLinks>();
            document.Info = new OpenApiInfo
            {
                Title = "ServicesPortal — API nhập dữ liệu",
                Version = "v1",
                Description = "Nhập kết quả thi và sổ văn bằng từ hệ thống khác. Lấy mã truy cập bằng OAuth 2.0 client credentials tại /connect/token; "
                    + "mỗi ứng dụng chỉ nhập được vào đơn vị và theo phạm vi được quản trị hệ thống cấp. Tệp lỗi không ghi dòng nào và được báo cáo từng dòng.",
            };
            document.Servers = [new OpenApiServer { Url = links.Origin.GetLeftPart(UriPartial.Authority) }];
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OAuth2,
                Description = "OAuth 2.0 client credentials; ứng dụng do quản trị hệ thống đăng ký.",
                Flows = new OpenApiOAuthFlows
                {
                    ClientCredentials = new OpenApiOAuthFlow
                    {
                        TokenUrl = new Uri(links.To(ImportApiSetup.TokenPath)),
                        Scopes = new Dictionary<string, string>
                        {
                            [ImportScopes.Exams] = "Nhập danh sách thí sinh và điểm thi",
                            [ImportScopes.Certificates] = "Nhập sổ văn bằng, chứng chỉ",
                        },
                    },
                },
            };

            foreach (var (path, item) in document.Paths)
            {
                var scope = path.EndsWith("/certificates", StringComparison.Ordinal) ? ImportScopes.Certificates : ImportScopes.Exams;
                if (item.Operations is null)
                {
                    continue;
                }

                foreach (var operation in item.Operations.Values)
                {
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [scope] }];
                }
            }

            return Task.CompletedTask;
        });
    }
}
