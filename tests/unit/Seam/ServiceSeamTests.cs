using System.Text.RegularExpressions;
using Services.Workflows;
using Services.Workflows.Dossiers;

namespace Services.Tests.Unit.Seam;

/// <summary>
/// The seam between the shared dossier pipeline and the services (ADR 8): only a service's own folders
/// (<c>Services.*/&lt;Service&gt;/</c>, <c>Pages/&lt;Service&gt;/</c>) name its workflow, its steps or its events.
/// </summary>
public sealed partial class ServiceSeamTests
{
    private static List<ServiceDefinition> Services { get; } = typeof(ServicesWorkflowsSetup).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(ServiceDefinition)) && !t.IsAbstract)
        .Select(t => (ServiceDefinition)Activator.CreateInstance(t)!)
        .ToList();

    [Fact]
    public void Every_service_lives_in_a_folder_of_its_own()
    {
        Assert.True(Services.Count >= 2);
        foreach (var service in Services)
        {
            var folder = FolderOf(service);
            Assert.True(Directory.Exists(Path.Combine(SourceRoot, "Services.Workflows", folder)), $"{service.GetType().Name} is not in Services.Workflows/{folder}/");
            Assert.Equal(folder, FolderOf(service.Workflow.GetType()));
        }
    }

    [Fact]
    public void No_file_outside_a_services_folders_names_its_workflow_steps_or_events()
    {
        var offences = new List<string>();
        foreach (var service in Services)
        {
            var folder = FolderOf(service);
            foreach (var file in SourceFiles().Where(f => !IsInServiceFolder(f, folder)))
            {
                // Another service may have a step of the same name ("review"): in its own folder that name is its own.
                var owner = Services.FirstOrDefault(s => IsInServiceFolder(file, FolderOf(s)));
                var ownNames = owner is null ? [] : Names(owner);
                var patterns = Names(service).Except(ownNames).Select(n => $"\"{Regex.Escape(n)}\"")
                    .Append($@"\b{service.Workflow.GetType().Name}\b")
                    .Append($@"\b{Regex.Escape(service.Workflow.Name)}\b")
                    .Select(p => new Regex(p, RegexOptions.CultureInvariant));
                var text = File.ReadAllText(file);
                offences.AddRange(patterns.Where(p => p.IsMatch(text)).Select(p => $"{Path.GetRelativePath(SourceRoot, file)} names {p} of {service.Key}"));
            }
        }

        Assert.True(offences.Count == 0, string.Join(Environment.NewLine, offences));
    }

    [Fact]
    public void The_check_sees_a_step_named_outside_its_folder()
    {
        // The test above must be able to fail: a generic page deciding by a literal step would be caught.
        var service = Services[0];
        var step = Blueprints(service.Workflow)[0].Steps[1].Name;
        Assert.Matches(new Regex($"\"{Regex.Escape(step)}\""), $"if (status.Step == \"{step}\")");
        Assert.False(IsInServiceFolder(Path.Combine(SourceRoot, "Services.Web", "Pages", "Staff", "Dossier.cshtml.cs"), FolderOf(service)));
        Assert.True(IsInServiceFolder(Path.Combine(SourceRoot, "Services.Web", "Pages", FolderOf(service), "X.cshtml"), FolderOf(service)));
    }

    private static string FolderOf(ServiceDefinition service) => FolderOf(service.GetType());

    private static HashSet<string> Names(ServiceDefinition service) => Blueprints(service.Workflow)
        .SelectMany(b => b.Steps.Select(s => s.Name).Concat(b.Steps.SelectMany(s => s.Transitions.Select(t => t.Event))))
        .ToHashSet(StringComparer.Ordinal);

    // Services.Workflows.<Folder>.<Type>
    private static string FolderOf(Type type) => type.Namespace!.Split('.')[2];

    private static bool IsInServiceFolder(string file, string folder)
    {
        var parts = Path.GetRelativePath(SourceRoot, file).Split(Path.DirectorySeparatorChar);
        // Services.Data/<Folder>/…, Services.Workflows/<Folder>/…, Services.Web/Pages/<Folder>/…
        return (parts.Length > 2 && parts[1] == folder) || (parts.Length > 3 && parts[1] == "Pages" && parts[2] == folder);
    }

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(SourceRoot, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".resx", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static IReadOnlyList<global::Services.Workflows.Runtime.WorkflowBlueprint> Blueprints(global::Services.Workflows.Runtime.WorkflowDefinition workflow) =>
        new global::Services.Workflows.Runtime.WorkflowRegistry([workflow]).Versions(workflow.Name);

    private static string SourceRoot { get; } = FindSourceRoot();

    private static string FindSourceRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ServicesPortal.sln")))
        {
            dir = dir.Parent;
        }

        return dir is null ? throw new InvalidOperationException("Cannot find ServicesPortal.sln above the test assembly.") : Path.Combine(dir.FullName, "src");
    }
}
