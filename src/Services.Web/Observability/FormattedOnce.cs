using System.Runtime.CompilerServices;
using Serilog.Events;
using Serilog.Formatting;

namespace Services.Web.Observability;

/// <summary>
/// One formatter shared by sinks that write an event the same way (the JSON file and a machine's console): the first
/// sink to write an event formats it, the others write the same text. Each sink has its own background writer
/// (ADR 0033), so either may come first; the text lives as long as the event does.
/// </summary>
internal sealed class FormattedOnce(ITextFormatter formatter) : ITextFormatter
{
    private readonly ConditionalWeakTable<LogEvent, string> _texts = [];

    public void Format(LogEvent logEvent, TextWriter output) => output.Write(_texts.GetValue(logEvent, Render));

    private string Render(LogEvent logEvent)
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        formatter.Format(logEvent, text);
        return text.ToString();
    }
}
