using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Services.Tests.Processes;

namespace Services.Tests.Integration.Workflows;

/// <summary>
/// An SMS gateway on loopback that accepts every message after a fixed delay and remembers the message ids it was
/// given (one entry per request, so a message sent twice is there twice). Requests are answered side by side.
/// </summary>
internal sealed class SlowSmsGateway : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly TimeSpan _delay;
    private readonly ConcurrentQueue<Guid> _messageIds = new();
    private readonly ConcurrentBag<Task> _answers = [];
    private readonly Task _accepting;

    private SlowSmsGateway(TimeSpan delay)
    {
        _delay = delay;
        var port = WebProcess.FreePort();
        Url = $"http://127.0.0.1:{port}/sms/send";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/sms/");
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>The webhook address to configure as <c>Workflows:SmsWebhookUrl</c>.</summary>
    public string Url { get; }

    public IReadOnlyList<Guid> MessageIds => [.. _messageIds];

    public static SlowSmsGateway Start(TimeSpan delay) => new(delay);

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }

            _answers.Add(Task.Run(() => AnswerAsync(context)));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream);
        var body = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
        _messageIds.Enqueue(Guid.Parse(body["messageId"]!.GetValue<string>()));
        await Task.Delay(_delay);
        context.Response.StatusCode = (int)HttpStatusCode.OK;
        context.Response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _accepting;
        await Task.WhenAll(_answers);
        _listener.Close();
    }
}
