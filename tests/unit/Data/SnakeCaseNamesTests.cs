using Services.Data;

namespace Services.Tests.Unit.Data;

public sealed class SnakeCaseNamesTests
{
    [Theory]
    [InlineData("NormalizedUserName", "normalized_user_name")]
    [InlineData("units", "units")]
    [InlineData("PK_units", "pk_units")]
    [InlineData("IX_unit_memberships_UnitId_Role", "ix_unit_memberships_unit_id_role")]
    [InlineData("Sha256Digest", "sha256_digest")]
    [InlineData("HTMLBody", "html_body")]
    [InlineData("NameVi", "name_vi")]
    public void ConvertsIdentifiersToSnakeCase(string input, string expected) =>
        Assert.Equal(expected, SnakeCaseNames.ToSnake(input));
}
