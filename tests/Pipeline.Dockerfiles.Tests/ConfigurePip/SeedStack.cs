using Pipeline.Dockerfiles.ConfigurePip;
using Pipeline.Dockerfiles.Syntax;
using Pipeline.Testing;

namespace Pipeline.Dockerfiles.Tests.ConfigurePip;

/// <summary>Lays out one seed-stack service as a real build context in a temp directory.</summary>
internal static class SeedStack
{
    public static readonly string[] ServicesWithBefore = ["aidb", "health-monitor", "hybrid-coordinator", "ralph-wiggum"];

    /// <summary>
    /// Copies <c>Dockerfile.{variant}</c> to <c>{service}/Dockerfile</c> and <c>requirements.{variant}.txt</c> to
    /// every COPY source of the Dockerfile that names a requirements file. The context is the temp root,
    /// as in the stack's compose file (<c>COPY aidb/requirements.txt ...</c>).
    /// </summary>
    public static DockerfileTarget Prepare(TempDirectory temp, string service, string variant = "before")
    {
        var dockerfileText = File.ReadAllText(RepoPaths.Fixture("seed-stack", service, $"Dockerfile.{variant}"));
        var requirements = File.ReadAllText(RepoPaths.Fixture("seed-stack", service, $"requirements.{variant}.txt"));
        var dockerfile = temp.Write(Path.Combine(service, "Dockerfile"), dockerfileText);
        var document = DockerfileParser.Parse(dockerfileText);
        foreach (var copy in document.Instructions.Where(i => i.Command == "COPY" && !i.FlagValues("from").Any()))
        {
            foreach (var source in copy.Arguments.Take(copy.Arguments.Count - 1).Where(s => s.Contains("requirements", StringComparison.Ordinal)))
                temp.Write(source, requirements);
        }
        return new DockerfileTarget(dockerfile, temp.Path);
    }

    public static ConfigurePipOptions Options(params DockerfileTarget[] targets) => new()
    {
        Dockerfiles = targets,
        CacheMounts = CacheMountMode.Auto,
        EngineSupportsCacheMounts = true,
    };
}
