using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Pipeline.Python.Locks;
using Pipeline.Packaging;

namespace Pipeline.Python.Pip;

/// <summary>
/// The fingerprint of everything a requirements lock depends on, recorded in the lock's header as
/// <c># inputs: sha256:...</c>: when it matches, LockCpu does not run the resolver again.
/// </summary>
/// <remarks>
/// Inputs: the bytes of the requirements file and of every file it includes (<c>-r</c>, <c>-c</c>, recursively),
/// the public index URLs and which packages are routed to the CPU index (and whether one routed index or two
/// indexes resolved them), the target interpreter and platform, the resolver's version and the lock layout
/// version. Where the bytes were fetched from (a local mirror or proxy on 127.0.0.1, its port) is not an input:
/// it stands in for the public indexes, and a port change must not re-lock every service.
/// </remarks>
internal static partial class LockFingerprint
{
    /// <summary>Bumped when the written lock changes shape, so older locks are re-made.</summary>
    public const string LayoutVersion = "2";

    /// <summary>The fingerprint, <c>sha256:</c> and 64 hex digits.</summary>
    /// <param name="requirementsPath">The requirements file; its includes are read relative to it, as pip does.</param>
    /// <param name="settings">Indexes, routing, target.</param>
    /// <param name="resolverVersion">E.g. <c>pip 23.2.1 (python 3.11)</c>.</param>
    /// <param name="ct">Cancels the reads.</param>
    public static async Task<string> ComputeAsync(string requirementsPath, RequirementsLockSettings settings, string resolverVersion, CancellationToken ct)
    {
        var lines = new List<string> { $"layout {LayoutVersion}" };
        var root = Path.GetDirectoryName(Path.GetFullPath(requirementsPath))!;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>([Path.GetFullPath(requirementsPath)]);
        while (pending.TryDequeue(out var path))
        {
            if (!seen.Add(path))
                continue;
            var bytes = await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
            lines.Add($"file {Path.GetRelativePath(root, path).Replace('\\', '/')} {Convert.ToHexStringLower(SHA256.HashData(bytes))}");
            var file = RequirementsReader.Read(Encoding.UTF8.GetString(bytes), path);
            foreach (var option in file.OtherOptions)
            {
                var m = FileOption().Match(option);
                if (!m.Success)
                    continue;
                var target = m.Groups["path"].Value.Trim();
                if (Uri.TryCreate(target, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                {
                    lines.Add($"url {target}");
                    continue;
                }
                var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, target));
                if (File.Exists(full))
                    pending.Enqueue(full);
                else
                    lines.Add($"missing {target}"); // pip reports it; the fingerprint just must not match a lock made when it existed
            }
        }
        lines.Add($"main-index {settings.MainIndexUrl}");
        lines.Add($"cpu-index {settings.CpuIndexUrl}");
        lines.Add($"routed-to-cpu {string.Join(',', settings.TorchPackages.Select(ProjectName.Normalize).Order(StringComparer.Ordinal))}");
        lines.Add($"resolution {(settings.Routed || settings.RoutedIndexUrl is not null ? "one routed index" : "two indexes")}");
        lines.Add($"target {settings.Target.Description}");
        lines.Add($"resolver {resolverVersion}");
        lines.Add($"pip-arguments {string.Join(' ', settings.PipArguments)}");
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines))));
    }

    /// <summary>The fingerprint recorded in a lock's header, or null (no lock, or one made without it).</summary>
    public static async Task<string?> ReadAsync(string lockPath, CancellationToken ct)
    {
        if (!File.Exists(lockPath))
            return null;
        using var reader = new StreamReader(lockPath);
        for (var i = 0; i < 10 && await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line; i++)
        {
            var m = HeaderLine().Match(line);
            if (m.Success)
                return m.Groups["fp"].Value;
        }
        return null;
    }

    /// <summary>The header line carrying <paramref name="fingerprint"/>.</summary>
    public static string HeaderLine(string fingerprint) => $"# inputs: {fingerprint}";

    [GeneratedRegex(@"^(?:-r|--requirement|-c|--constraint)[ =](?<path>.+)$")]
    private static partial Regex FileOption();

    [GeneratedRegex(@"^# inputs: (?<fp>sha256:[0-9a-f]{64})\s*$")]
    private static partial Regex HeaderLine();
}
