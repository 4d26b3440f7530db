using System.Text.Json;
using Services.Workflows.Audit;
using Services.Workflows.Journal;

namespace Services.Web.Setup;

/// <summary>
/// <c>Services.Web verify-history FILE [--published FEED]</c>: checks an exported history offline, without the portal
/// or its database — the chain of its entries, each inclusion proof against its checkpoint, each checkpoint's hash and
/// signature — and, given a copy of the public feed (<c>/nhat-ky-kiem-chung.json</c>) kept elsewhere, that the file's
/// key and checkpoints are the published ones. Exit status 0 when intact, 1 when not, 2 on bad usage.
/// </summary>
public static class VerifyHistoryCommand
{
    public const string Verb = "verify-history";

    private static readonly JsonSerializerOptions FeedJson = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length is not (2 or 4) || (args.Length == 4 && args[2] != "--published"))
        {
            await Console.Error.WriteLineAsync("usage: Services.Web verify-history FILE [--published FEED.json]");
            return 2;
        }

        HistoryExport? export;
        JournalFeed? feed = null;
        try
        {
            export = JsonSerializer.Deserialize<HistoryExport>(await File.ReadAllTextAsync(args[1]), HistoryExport.Json);
            if (args.Length == 4)
            {
                feed = JsonSerializer.Deserialize<JournalFeed>(await File.ReadAllTextAsync(args[3]), FeedJson);
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"cannot read: {ex.Message}");
            return 2;
        }

        if (export is null)
        {
            await Console.Error.WriteLineAsync("the file holds no history");
            return 2;
        }

        if (feed is not null && !MatchesFeed(export, feed, out var mismatch))
        {
            await Console.Out.WriteLineAsync($"BROKEN {export.Correlation}: {mismatch}");
            return 1;
        }

        var verdict = export.Verify();
        await Console.Out.WriteLineAsync(verdict.Intact
            ? $"INTACT {export.Correlation}: {verdict.Entries} entries, {verdict.Sealed} sealed" +
              (verdict.Checkpoint is { } k ? $", included in checkpoint {k}" : "") + $"; key {export.KeyId}"
            : $"BROKEN {export.Correlation}: {verdict.Fault} at entry {verdict.BrokenSeq}" + (verdict.Checkpoint is { } c ? $" (checkpoint {c})" : ""));
        return verdict.Intact ? 0 : 1;
    }

    private static bool MatchesFeed(HistoryExport export, JournalFeed feed, out string mismatch)
    {
        if (feed.PublicKey != export.PublicKey)
        {
            mismatch = $"the file's key {export.KeyId} is not the published key {feed.KeyId}";
            return false;
        }

        var published = feed.Checkpoints.ToDictionary(c => c.Seq);
        foreach (var checkpoint in export.Checkpoints)
        {
            if (published.TryGetValue(checkpoint.Seq, out var copy) && copy.Hash != checkpoint.Hash)
            {
                mismatch = $"checkpoint {checkpoint.Seq} differs from the published one";
                return false;
            }
        }

        mismatch = "";
        return true;
    }
}
