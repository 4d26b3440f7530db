namespace Services.Workflows.Exams;

/// <summary>Số báo danh: letters and digits only, compared in upper case, at most 20 characters.</summary>
public static class CandidateNumber
{
    public const int MaxLength = 20;

    public static string? Normalize(string? text)
    {
        var value = text?.Trim().ToUpperInvariant();
        return value is { Length: > 0 and <= MaxLength } && value.All(char.IsAsciiLetterOrDigit) ? value : null;
    }
}

/// <summary>An exam score: 0 to 10 with at most two decimals; a decimal comma is accepted as Vietnamese files use it.</summary>
public static class Score
{
    public static decimal? TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return decimal.TryParse(text.Replace(',', '.'), System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var score)
            && score is >= 0 and <= 10 && decimal.Round(score, 2) == score
                ? score
                : null;
    }
}
