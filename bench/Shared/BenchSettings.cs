using System.Globalization;

namespace Services.Bench;

/// <summary>What every benchmark reads the same way: its sizes, the machine's load, percentiles.</summary>
internal static class BenchSettings
{
    /// <summary>A size from <c>--name N</c> on the command line, else the environment variable, else the default (<c>100_000</c> allowed).</summary>
    public static int Int(string[] args, string argument, string variable, int fallback)
    {
        var index = Array.IndexOf(args, argument);
        var text = index >= 0 && index + 1 < args.Length ? args[index + 1] : Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrEmpty(text) ? fallback : int.Parse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture);
    }

    /// <summary>The load averages of /proc/loadavg, printed beside every figure (the machine is small and shared).</summary>
    public static string Load => File.ReadAllText("/proc/loadavg").Trim();

    /// <summary>The nearest-rank percentile of sorted values.</summary>
    public static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
