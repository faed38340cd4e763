using System.Diagnostics;

namespace Pipeline.IO;

/// <summary>
/// Reads <c>/proc/self/mountinfo</c> and undoes what was left mounted below a folder: debootstrap mounts <c>proc</c>
/// (and device binds) into a root filesystem, podman's overlay storage mounts itself and each container's
/// <c>merged</c> folder. A killed process leaves them mounted; deleting such a folder must never descend into them,
/// and a folder with mounts left in it cannot be deleted at all ("Device or resource busy").
/// </summary>
public static class MountTable
{
    /// <summary>Mount points at or below <paramref name="root"/>, deepest first (the order to unmount them).</summary>
    public static IReadOnlyList<string> MountsUnder(string mountInfo, string root)
    {
        var prefix = root.TrimEnd('/');
        return mountInfo.Split('\n')
            .Select(line => line.Split(' '))
            .Where(fields => fields.Length > 4)
            .Select(fields => Unescape(fields[4]))
            .Where(point => point == prefix || point.StartsWith(prefix + "/", StringComparison.Ordinal))
            .Distinct()
            .OrderByDescending(point => point.Length)
            .ToArray();
    }

    // mountinfo escapes space, tab, newline and backslash as octal (\040 etc.).
    private static string Unescape(string field)
    {
        if (!field.Contains('\\')) return field;
        var chars = new List<char>(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length
                && field.Substring(i + 1, 3).All(c => c is >= '0' and <= '7'))
            {
                chars.Add((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                chars.Add(field[i]);
            }
        }
        return new string([.. chars]);
    }

    /// <summary>
    /// Unmounts everything at or below <paramref name="root"/>, deepest first, lazily when busy; returns the mount
    /// points still there afterwards (empty when all went).
    /// </summary>
    public static async Task<IReadOnlyList<string>> UnmountAllAsync(string root, CancellationToken ct)
    {
        var full = Path.GetFullPath(root);
        foreach (var point in MountsUnder(await File.ReadAllTextAsync("/proc/self/mountinfo", ct), full))
        {
            if (await UmountAsync([point], ct) != 0)
                await UmountAsync(["--lazy", point], ct);
        }
        return MountsUnder(await File.ReadAllTextAsync("/proc/self/mountinfo", ct), full);
    }

    private static async Task<int> UmountAsync(string[] arguments, CancellationToken ct)
    {
        using var process = Process.Start(new ProcessStartInfo("umount", arguments) { RedirectStandardError = true, RedirectStandardOutput = true });
        if (process is null) return -1;
        await process.WaitForExitAsync(ct);
        return process.ExitCode;
    }
}
