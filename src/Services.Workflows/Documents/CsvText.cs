using System.Text;

namespace Services.Workflows.Documents;

/// <summary>
/// CSV for spreadsheet programs, the one way the portal writes it: UTF-8 with a byte order mark (so Vietnamese reads
/// right), CRLF line ends, cells quoted when needed, and a leading = + - @ defused so a spreadsheet never runs a cell
/// someone typed as a formula.
/// </summary>
public static class CsvText
{
    public static string Cell(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Length > 0 && value[0] is '=' or '+' or '-' or '@' ? "'" + value : value;
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }

    /// <summary>One line of cells, each through <see cref="Cell"/>, ended by CRLF.</summary>
    public static void AppendLine(StringBuilder csv, IEnumerable<string> cells)
    {
        ArgumentNullException.ThrowIfNull(csv);
        csv.Append(string.Join(',', cells.Select(Cell))).Append("\r\n");
    }

    public static byte[] Bytes(StringBuilder csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }
}
