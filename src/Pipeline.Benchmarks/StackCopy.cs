using System.Text;
using System.Text.RegularExpressions;
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
    public static string DeclareUpstreamArgs(string dockerfile)
    {
        var lines = dockerfile.Split('\n');
        var output = new StringBuilder();
        var stages = SplitStages(lines);
        foreach (var (start, end) in stages)
        {
            var stage = lines[start..end];
            output.Append(string.Join('\n', stage.Take(1)));
            if (start > 0 || FromLine().IsMatch(stage[0]))
            {
                var declared = stage.Select(l => ArgLine().Match(l)).Where(m => m.Success).Select(m => m.Groups["name"].Value).ToHashSet();
                foreach (var arg in UpstreamArgs.Where(a => !declared.Contains(a))) output.Append('\n').Append("ARG ").Append(arg);
            }
            foreach (var line in stage.Skip(1)) output.Append('\n').Append(line);
            if (end < lines.Length) output.Append('\n');
        }
        return output.ToString();
    }

    // [start, end) line ranges: the preamble before the first FROM (if any), then one range per FROM.
    private static List<(int Start, int End)> SplitStages(string[] lines)
    {
        var froms = Enumerable.Range(0, lines.Length).Where(i => FromLine().IsMatch(lines[i]) && !IsContinuation(lines, i)).ToList();
        var ranges = new List<(int, int)>();
        if (froms.Count == 0 || froms[0] > 0) ranges.Add((0, froms.Count == 0 ? lines.Length : froms[0]));
        for (var i = 0; i < froms.Count; i++) ranges.Add((froms[i], i + 1 < froms.Count ? froms[i + 1] : lines.Length));
        return ranges;
    }

    private static bool IsContinuation(string[] lines, int i) => i > 0 && lines[i - 1].TrimEnd('\r').EndsWith('\\');

    /// <summary>Writes <see cref="DeclareUpstreamArgs"/> into every Dockerfile of the copied stack; returns how many changed.</summary>
    public static async Task<int> DeclareUpstreamArgsAsync(string copiedComposeFile, CancellationToken ct)
    {
        var project = await ComposeFileLoader.LoadAsync(new ComposeLoadOptions { Path = copiedComposeFile }, ct);
        var changed = 0;
        foreach (var target in DockerfileTargets.For(project, []))
        {
            var text = await File.ReadAllTextAsync(target.DockerfilePath, ct);
            var updated = DeclareUpstreamArgs(text);
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
    public static string PointAtUpstream(string dockerfile, string cpuIndexUrl)
    {
        ArgumentNullException.ThrowIfNull(cpuIndexUrl);
        return PytorchCpuIndex().Replace(DeclareUpstreamArgs(dockerfile), _ => cpuIndexUrl);
    }

    /// <summary>Writes <see cref="PointAtUpstream"/> into the Dockerfiles of <paramref name="services"/> (all when empty) of the copied stack; returns how many changed.</summary>
    public static async Task<int> PointAtUpstreamAsync(string copiedComposeFile, IReadOnlyCollection<string> services, string cpuIndexUrl, CancellationToken ct)
    {
        var project = await ComposeFileLoader.LoadAsync(new ComposeLoadOptions { Path = copiedComposeFile }, ct);
        var changed = 0;
        foreach (var target in DockerfileTargets.For(project, services))
        {
            var text = await File.ReadAllTextAsync(target.DockerfilePath, ct);
            var updated = PointAtUpstream(text, cpuIndexUrl);
            if (updated == text) continue;
            await Pipeline.IO.AtomicFile.WriteAllTextAsync(target.DockerfilePath, updated, ct);
            changed++;
        }
        return changed;
    }

    // The URL as a whole word: not a prefix of another path (…/whl/cpu-cxx11-abi).
    [GeneratedRegex(@"https://download\.pytorch\.org/whl/cpu/?(?![\w./-])")]
    private static partial Regex PytorchCpuIndex();

    [GeneratedRegex(@"^\s*FROM\s", RegexOptions.IgnoreCase)]
    private static partial Regex FromLine();

    [GeneratedRegex(@"^\s*ARG\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)", RegexOptions.IgnoreCase)]
    private static partial Regex ArgLine();
}
