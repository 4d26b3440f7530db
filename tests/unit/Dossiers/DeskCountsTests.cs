using System.Globalization;
using Services.Workflows.Dossiers;

namespace Services.Tests.Unit.Dossiers;

/// <summary>A tab's count on the desk: exact up to the cap, "10.000+" beyond it (ADR 0027).</summary>
public sealed class DeskCountsTests
{
    [Theory]
    [InlineData(0, "0")]
    [InlineData(DeskQueries.CountCap, "10000")]
    [InlineData(DeskQueries.CountCap + 1, "10.000+")]
    public void ACountBeyondTheCapReadsAsMoreThanIt(int toReceive, string shown)
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("vi-VN");
        try
        {
            Assert.Equal(shown, new DeskCounts(toReceive, 0, 0, 0, 0).Label(DeskTab.ToReceive));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }
}
