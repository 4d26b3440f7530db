using System.Text;
using System.Text.RegularExpressions;

namespace Services.Tests.E2e.Infrastructure;

/// <summary>Reads the .eml files the app drops into its pickup folder (System.Net.Mail: one part, base64 or quoted-printable).</summary>
public static partial class MailPickup
{
    /// <summary>
    /// The decoded text body of the newest message to <paramref name="to"/> whose body contains <paramref name="bodyContains"/>,
    /// waiting briefly for it to appear.
    /// </summary>
    public static async Task<string> WaitForMessageToAsync(string folder, string to, string bodyContains, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            if (Directory.Exists(folder))
            {
                var match = Directory.EnumerateFiles(folder, "*.eml")
                    .Select(f => (File: f, Raw: File.ReadAllText(f)))
                    .Where(m => Header(m.Raw, "To")?.Contains(to, StringComparison.OrdinalIgnoreCase) == true)
                    .OrderByDescending(m => File.GetLastWriteTimeUtc(m.File))
                    .Select(m => Body(m.Raw))
                    .FirstOrDefault(body => body.Contains(bodyContains, StringComparison.Ordinal));
                if (match is not null)
                {
                    return match;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No e-mail to {to} containing '{bodyContains}' arrived in {folder}.");
            }

            await Task.Delay(100);
        }
    }

    public static Uri FirstLink(string body, string pathPart)
    {
        var link = LinkPattern().Matches(body).Select(m => m.Value).FirstOrDefault(l => l.Contains(pathPart, StringComparison.Ordinal));
        Assert.True(link is not null, $"No link containing '{pathPart}' in the e-mail:\n{body}");
        return new Uri(link);
    }

    private static string? Header(string raw, string name)
    {
        foreach (var line in raw.Split('\n'))
        {
            if (line.Trim().Length == 0)
            {
                return null; // end of headers
            }

            if (line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            {
                return line[(name.Length + 1)..].Trim();
            }
        }

        return null;
    }

    private static string Body(string raw)
    {
        var normalized = raw.Replace("\r\n", "\n", StringComparison.Ordinal);
        var split = normalized.IndexOf("\n\n", StringComparison.Ordinal);
        var body = split < 0 ? "" : normalized[(split + 2)..];
        var encoding = Header(normalized, "Content-Transfer-Encoding")?.ToLowerInvariant();
        return encoding switch
        {
            "base64" => Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c))))),
            "quoted-printable" => DecodeQuotedPrintable(body),
            _ => body,
        };
    }

    private static string DecodeQuotedPrintable(string body)
    {
        var bytes = new List<byte>();
        var text = body.Replace("=\n", "", StringComparison.Ordinal);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex LinkPattern();
}
