using Microsoft.Extensions.DependencyInjection;
using Services.Workflows.Runtime;

namespace Services.Tests.Samples;

/// <summary>An automated step that calls a dependency which fails while <see cref="FlakyDependency.FailuresLeft"/> &gt; 0.</summary>
public sealed class SampleFlakyWorkflow : WorkflowDefinition
{
    public const string DefinitionName = "sample-flaky";

    public override string Name => DefinitionName;

    protected override void DefineVersions(WorkflowVersions versions) =>
        versions.Add(1, w => w
            .Automated("call-registry", "Gọi hệ thống ngoài", (context, _) =>
            {
                context.Services.GetRequiredService<FlakyDependency>().Call();
                context.State["called"] = true;
                return Task.FromResult("done");
            }, s => s.On("done", "finished"))
            .End("finished", "Xong"));
}

/// <summary>Registered per service provider, so tests never share its state.</summary>
public sealed class FlakyDependency
{
    private int _failuresLeft;

    public int FailuresLeft
    {
        get => Volatile.Read(ref _failuresLeft);
        set => Volatile.Write(ref _failuresLeft, value);
    }

    public int Calls { get; private set; }

    public void Call()
    {
        Calls++;
        if (FailuresLeft > 0)
        {
            FailuresLeft--;
            throw new HttpRequestException("the registry is down");
        }
    }
}
