using Pipeline.Compose.Model;
using Pipeline.Dockerfiles.ConfigurePip;

namespace Pipeline.Stack.Mapping;

/// <summary>The Dockerfiles ConfigurePip edits: one per built service, each file once even when services share it.</summary>
public static class DockerfileTargets
{
    /// <summary>Dockerfile and build context of every selected service with a <c>build:</c> section.</summary>
    public static IReadOnlyList<DockerfileTarget> For(ComposeProject project, IReadOnlyCollection<string> services) =>
        StackServices.Buildable(project, services)
            .Select(s => new DockerfileTarget(s.Build!.DockerfilePath, Path.GetFullPath(s.Build.Context)))
            .DistinctBy(t => t.DockerfilePath)
            .ToList();

    /// <summary>Explicit <c>--dockerfiles</c> paths: each file's directory is its build context.</summary>
    public static IReadOnlyList<DockerfileTarget> ForFiles(IEnumerable<string> dockerfiles) =>
        dockerfiles.Select(Path.GetFullPath)
            .Select(f => new DockerfileTarget(f, Path.GetDirectoryName(f)!))
            .DistinctBy(t => t.DockerfilePath)
            .ToList();
}
