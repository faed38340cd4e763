using System.Text;
using System.Text.RegularExpressions;
using Pipeline.Dockerfiles.Syntax;
using Pipeline.Compose.Loading;
using Pipeline.Stack.Mapping;

namespace Pipeline.Benchmarks;

/// <summary>
/// The copies scenarios build from: the stack's directory copied whole (the user's files are never edited), with the
/// hand-fixed variant laid over it for by-hand.
/// </summary>
public static partial class StackCopy
{
    /// <summary>The build arguments that point pip at the upstream in every scenario.</summary>
    public static readonly IReadOnlyList<string> UpstreamArgs = ["PIP_INDEX_URL", "PIP_TRUSTED_HOST"];

    /// <summary>
    /// Copies <paramref name="root"/> (default: the directory of <paramref name="composeFile"/>; a folder above it when
    /// the build contexts are there, e.g. <c>../mcp-servers</c>) to <paramref name="destination"/> (emptied first), lays
    /// <paramref name="overlay"/>'s files over it when given, and returns the copied compose file's path.
    /// </summary>
    public static string Copy(string composeFile, string destination, string? overlay = null, string? root = null)
    {
        var compose = Path.GetFullPath(composeFile);
        var source = root is null ? Path.GetDirectoryName(compose)! : Path.GetFullPath(root);
        var relative = Path.GetRelativePath(source, compose);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
            throw new ArgumentException($"{composeFile} is not inside {source}", nameof(root));
        if (Directory.Exists(destination)) Directory.Delete(destination, recursive: true);
        CopyDirectory(source, destination);
        if (overlay is not null) CopyDirectory(overlay, destination);
        return Path.Combine(destination, relative);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            if (IsSkipped(Path.GetRelativePath(from, dir))) continue;
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (IsSkipped(relative)) continue;
            File.Copy(file, Path.Combine(to, relative), overwrite: true);
        }
    }

    // Version control and a previous run's ConfigurePip backups are not part of the stack a user builds.
    private static bool IsSkipped(string relative) =>
        relative.Split(Path.DirectorySeparatorChar).Any(p => p is ".git" or "__pycache__") || relative.EndsWith(".bak", StringComparison.Ordinal);

    /// <summary>
    /// The as-is copy's one edit: <c>ARG PIP_INDEX_URL</c> and <c>ARG PIP_TRUSTED_HOST</c> after every <c>FROM</c> that
    /// does not declare them, so the build args point pip at the upstream. It stands in for pip's default index being
    /// PyPI: a user's build reaches PyPI with no setting at all, and without the declarations an engine drops the args.
    /// Nothing else changes (no timeout, retry, cache or torch setting). Pure.
    /// </summary>
    /// <exception cref="DockerfileParseException">The Dockerfile is not one BuildKit would read (file:line).</exception>
    public static string DeclareUpstreamArgs(string dockerfile, string fileName = "Dockerfile")
    {
        var document = DockerfileParser.Parse(dockerfile, fileName);
        // After the last line of each FROM (a FROM may continue over several lines), the ARGs its stage lacks.
        var inserts = new Dictionary<int, List<string>>();
        foreach (var stage in document.Stages)
        {
            var declared = stage.Instructions.Where(i => i.Command == "ARG")
                .SelectMany(i => i.Arguments).Select(a => a.Split('=')[0]).ToHashSet(StringComparer.Ordinal);
            var missing = UpstreamArgs.Where(a => !declared.Contains(a)).Select(a => "ARG " + a).ToList();
            if (missing.Count > 0) inserts[stage.From.EndLine] = missing;
        }
        var lines = dockerfile.Split('\n');
        var output = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0) output.Append('\n');
            output.Append(lines[i]);
            if (inserts.TryGetValue(i + 1, out var args))
                foreach (var arg in args) output.Append('\n').Append(arg);
        }
        return output.ToString();
    }

    /// <summary>Writes <see cref="DeclareUpstreamArgs"/> into every Dockerfile of the copied stack; returns how many changed.</summary>
    public static async Task<int> DeclareUpstreamArgsAsync(string copiedComposeFile, CancellationToken ct)
    {
        var project = await ComposeFileLoader.LoadAsync(new ComposeLoadOptions { Path = copiedComposeFile }, ct);
        var changed = 0;
        foreach (var target in DockerfileTargets.For(project, []))
        {
            var text = await File.ReadAllTextAsync(target.DockerfilePath, ct);
            var updated = DeclareUpstreamArgs(text, target.DockerfilePath);
            if (updated == text) continue;
            await Pipeline.IO.AtomicFile.WriteAllTextAsync(target.DockerfilePath, updated, ct);
            changed++;
        }
        return changed;
    }

    /// <summary>
    /// The by-hand copy's edit when the stack is the hand fix already (the seed stack's Dockerfile.after files):
    /// <see cref="DeclareUpstreamArgs"/> (stands in for pip's default index being PyPI) and the PyTorch CPU index the
    /// Dockerfile names (<c>https://download.pytorch.org/whl/cpu</c>, with or without a trailing slash) replaced by
    /// <paramref name="cpuIndexUrl"/>, the upstream's CPU index (stands in for DNS: the build would reach the real one).
    /// Nothing else changes. Pure.
    /// </summary>
    public static string PointAtUpstream(string dockerfile, string cpuIndexUrl, string fileName = "Dockerfile")
    {
        ArgumentNullException.ThrowIfNull(cpuIndexUrl);
        return PytorchCpuIndex().Replace(DeclareUpstreamArgs(dockerfile, fileName), _ => cpuIndexUrl);
    }

    /// <summary>Writes <see cref="PointAtUpstream"/> into the Dockerfiles of <paramref name="services"/> (all when empty) of the copied stack; returns how many changed.</summary>
    public static async Task<int> PointAtUpstreamAsync(string copiedComposeFile, IReadOnlyCollection<string> services, string cpuIndexUrl, CancellationToken ct)
    {
        var project = await ComposeFileLoader.LoadAsync(new ComposeLoadOptions { Path = copiedComposeFile }, ct);
        var changed = 0;
        foreach (var target in DockerfileTargets.For(project, services))
        {
            var text = await File.ReadAllTextAsync(target.DockerfilePath, ct);
            var updated = PointAtUpstream(text, cpuIndexUrl, target.DockerfilePath);
            if (updated == text) continue;
            await Pipeline.IO.AtomicFile.WriteAllTextAsync(target.DockerfilePath, updated, ct);
            changed++;
        }
        return changed;
    }

    // The URL as a whole word: not a prefix of another path (…/whl/cpu-cxx11-abi).
    [GeneratedRegex(@"https://download\.pytorch\.org/whl/cpu/?(?![\w./-])")]
    private static partial Regex PytorchCpuIndex();

}
