using Pipeline.Compose.Model;

namespace Pipeline.Stack.Mapping;

/// <summary>
/// The Python projects LockCpu works on: for each built service, the directory beside its Dockerfile when it
/// holds a <c>pyproject.toml</c> or requirements file, else the build context.
/// </summary>
public static class PythonProjects
{
    private static readonly string[] ProjectFiles = ["pyproject.toml", "requirements.txt"];

    /// <summary>Project directories, each once, in compose-file order; services without Python files are left out.</summary>
    public static IReadOnlyList<string> For(ComposeProject project, IReadOnlyCollection<string> services) =>
        StackServices.Buildable(project, services)
            .Select(s => Locate(s.Build!))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private static string? Locate(BuildSection build)
    {
        var candidates = new[] { Path.GetDirectoryName(build.DockerfilePath)!, Path.GetFullPath(build.Context) };
        return candidates.FirstOrDefault(dir => ProjectFiles.Any(f => File.Exists(Path.Combine(dir, f))));
    }
}
