using System.Text.RegularExpressions;
using Pipeline.Compose.Model;
using Pipeline.Dockerfiles.Syntax;
using Pipeline.Python;
using Pipeline.Python.LockCpu;

namespace Pipeline.Stack.Mapping;

/// <summary>
/// The Python projects LockCpu works on: for each built service, the directory beside its Dockerfile when it
/// holds a <c>pyproject.toml</c>, requirements file or conda environment, else the build context; and the interpreter its image
/// runs, from the final stage's <c>FROM python:X.Y[-variant]</c>, else asked of that base image (<see cref="ImagePythons"/>).
/// </summary>
internal static partial class PythonProjects
{
    private static readonly string[] ProjectFiles = ["pyproject.toml", "requirements.txt", "environment.yml", "environment.yaml", "conda-lock.yml"];

    /// <summary>Project directories, each once, in compose-file order; services without Python files are left out.</summary>
    public static IReadOnlyList<string> For(ComposeProject project, IReadOnlyCollection<string> services) =>
        StackServices.Buildable(project, services)
            .Select(s => Locate(s.Build!))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Each service's project with the Python and platform of its image (issue 19): the final build stage (or
    /// <c>build.target</c>), followed through <c>FROM stage</c>, with ARGs declared before the first FROM
    /// substituted (compose build args win over their defaults). <paramref name="pythonOverride"/> (the
    /// <c>--python-version</c> parameter) replaces the version; a Dockerfile that names no <c>python:</c> image
    /// gets <paramref name="fallback"/>. Services sharing a directory and target are one entry.
    /// </summary>
    public static IReadOnlyList<LockCpuProject> Targets(ComposeProject project, IReadOnlyCollection<string> services, TargetPlatform fallback, string? pythonOverride) =>
        TargetsAsync(project, services, fallback, pythonOverride, null, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>
    /// As <see cref="Targets"/>; a final stage whose image tag names no Python (<c>FROM debian:bookworm</c>, a custom
    /// base) is asked through <paramref name="askImage"/> (<see cref="ImagePythons.TargetOfAsync"/>: the engine, cached
    /// by image ID) before falling back. Null asks nothing; services built FROM <c>python:</c> tags never ask.
    /// </summary>
    public static async Task<IReadOnlyList<LockCpuProject>> TargetsAsync(
        ComposeProject project, IReadOnlyCollection<string> services, TargetPlatform fallback, string? pythonOverride,
        Func<string, TargetPlatform, CancellationToken, Task<(TargetPlatform Target, string Origin)?>>? askImage, CancellationToken ct)
    {
        var result = new List<LockCpuProject>();
        foreach (var service in StackServices.Buildable(project, services))
        {
            if (Locate(service.Build!) is not { } directory)
                continue;
            var (found, origin, image) = Resolve(service.Build!, fallback);
            var target = found ?? fallback;
            if (found is null && image is not null)
                (target, origin) = askImage is not null && await askImage(image, fallback, ct) is { } asked
                    ? (asked.Target, $"{origin}: {asked.Origin}")
                    : (fallback, origin + " is not a python image");
            if (pythonOverride is not null)
                (target, origin) = (target with { PythonVersion = pythonOverride, PythonFullVersion = pythonOverride + ".0" }, $"--python-version {pythonOverride} ({origin})");
            if (!result.Any(r => r.Directory == directory && r.Target.Description == target.Description))
                result.Add(new LockCpuProject(directory, target, $"{service.Name}: {origin}"));
        }
        return result;
    }

    /// <summary>The target of one build section, and where it came from (<c>Dockerfile:7 FROM python:3.13-slim</c>).</summary>
    public static (TargetPlatform Target, string Origin) TargetOf(BuildSection build, TargetPlatform fallback)
    {
        var (target, origin, image) = Resolve(build, fallback);
        return (target ?? fallback, image is null ? origin : origin + " is not a python image");
    }

    // The target when the Dockerfile tells it; else null, and the external image of the final stage when there is one.
    private static (TargetPlatform? Target, string Origin, string? Image) Resolve(BuildSection build, TargetPlatform fallback)
    {
        var path = build.DockerfilePath;
        if (build.IsRemoteContext || !File.Exists(path))
            return (null, "no local Dockerfile", null);
        DockerfileDocument document;
        try
        {
            document = DockerfileParser.Parse(File.ReadAllText(path), path);
        }
        catch (DockerfileParseException)
        {
            return (null, "Dockerfile not parsable", null); // BuildParallel reports it with its line
        }
        if (document.Stages.Count == 0)
            return (null, "Dockerfile without FROM", null);
        var resolver = ArgResolver.For(document, build.Args);
        var bases = resolver.Bases();
        var stage = build.Target is { } t ? document.Stages.FirstOrDefault(s => string.Equals(s.Name, t, StringComparison.OrdinalIgnoreCase)) ?? document.Stages[^1]
            : document.Stages[^1];
        // FROM builder: follow the stage chain to an image (bounded by the stage count, so no loop).
        for (var hops = 0; hops < document.Stages.Count; hops++)
        {
            var (image, parent) = (bases[stage.Index].Image, bases[stage.Index].FromStage);
            if (parent is null)
            {
                var origin = $"{path}:{stage.From.StartLine} FROM {image}";
                var platform = stage.From.FlagValues("platform").Select(p => resolver.Expand(p, resolver.MetaArgs)).FirstOrDefault();
                var external = image.Length > 0 && !image.Equals("scratch", StringComparison.OrdinalIgnoreCase) ? image : null;
                return ParsePythonImage(image, platform, fallback) is { } target ? (target, origin, null) : (null, origin, external);
            }
            stage = parent;
        }
        return (null, "FROM stage chain without an image", null);
    }

    /// <summary>
    /// The target a <c>python:TAG</c> image runs: <c>3.13</c>, <c>3.13.1</c>, <c>-slim</c>, <c>-bookworm</c>
    /// (glibc 2.36), <c>-bullseye</c> (2.31), <c>-trixie</c> (2.41), <c>-alpine</c> (musl). Any registry or
    /// namespace whose last path part is <c>python</c> counts (mirrors, the local base image). Null otherwise.
    /// </summary>
    public static TargetPlatform? ParsePythonImage(string image, string? platform, TargetPlatform fallback)
    {
        var m = PythonImage().Match(image);
        if (!m.Success)
            return null;
        var version = $"{m.Groups["major"].Value}.{m.Groups["minor"].Value}";
        var full = m.Groups["patch"].Success ? $"{version}.{m.Groups["patch"].Value}" : version + ".0";
        var variant = m.Groups["variant"].Value;
        var target = fallback with { PythonVersion = version, PythonFullVersion = full };
        if (variant.Contains("alpine", StringComparison.Ordinal))
            target = target with { Libc = "musl" };
        else if (Suites.FirstOrDefault(s => variant.Contains(s.Suite, StringComparison.Ordinal)) is { Suite: not null } suite)
            target = target with { GlibcMinor = suite.Glibc };
        if (platform is not null && platform.Split('/') is [_, var arch, ..])
            target = target with { PlatformMachine = arch switch { "amd64" => "x86_64", "arm64" => "aarch64", _ => arch } };
        return target;
    }

    private static readonly (string Suite, int Glibc)[] Suites = [("trixie", 41), ("bookworm", 36), ("bullseye", 31), ("buster", 28)];

    private static string? Locate(BuildSection build)
    {
        var candidates = new[] { Path.GetDirectoryName(build.DockerfilePath)!, Path.GetFullPath(build.Context) };
        return candidates.FirstOrDefault(dir => ProjectFiles.Any(f => File.Exists(Path.Combine(dir, f))));
    }

    [GeneratedRegex(@"^(?:[^@]*/)?python:(?<major>\d+)\.(?<minor>\d+)(?:\.(?<patch>\d+))?[a-z0-9]*(?:-(?<variant>[^@]+))?(?:@.*)?$")]
    private static partial Regex PythonImage();

}
