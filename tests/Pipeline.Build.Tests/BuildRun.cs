using Pipeline.Build;
using Pipeline.Testing;

namespace Pipeline.Build.Tests;

/// <summary>Runs a real build class through the real host in a temp root, capturing its console output.</summary>
public sealed class BuildRun : IDisposable
{
    public BuildRun() => Directory.CreateDirectory(Root.Combine(".nuke"));

    public TempDirectory Root { get; } = new("pipeline-build");

    public Dictionary<string, string> Environment { get; } = new();

    public string Output { get; private set; } = "";

    public async Task<BuildResult> RunAsync<T>(string[] args, string[]? defaults = null, CancellationToken ct = default) where T : PipelineBuild, new()
    {
        var output = new StringWriter();
        var result = await BuildHost.Run<T>(args, new BuildHostOptions
        {
            Output = output,
            Environment = Environment,
            WorkingDirectory = Root.Path,
            DefaultTargets = defaults ?? [],
            CancellationToken = ct,
        });
        Output = output.ToString();
        return result;
    }

    public string LogFile => File.ReadAllText(Root.Combine(".nuke", "temp", "build.log"));

    public void Dispose() => Root.Dispose();
}

/// <summary>Base for test builds: records which targets ran, in order.</summary>
public abstract class RecordingBuild : PipelineBuild
{
    public List<string> Executed { get; } = [];

    protected Action Record(string name) => () => { lock (Executed) Executed.Add(name); };
}

public static class BuildResultExtensions
{
    public static List<string> Executed(this BuildResult result) => ((RecordingBuild)result.Instance!).Executed;

    public static List<string> PlanNames(this BuildResult result) => result.Plan.Select(t => t.Name).ToList();
}
