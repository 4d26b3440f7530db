using System.Globalization;

namespace Services.Web.Security;

/// <summary>Personal data as public pages may show it (S5): enough to recognise one's own, too little to identify anyone.</summary>
public static class PersonalData
{
    /// <summary>"Nguyễn Thị Lan" → "N. T. L.": the initial of each word.</summary>
    public static string MaskName(string? name) =>
        string.Join(' ', (name ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(word => StringInfo.GetNextTextElementLength(word) is var length and > 0 ? word[..length] + "." : ""));
}
