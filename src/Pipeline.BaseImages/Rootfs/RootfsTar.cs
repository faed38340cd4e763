using System.Formats.Tar;

namespace Pipeline.BaseImages.Rootfs;

/// <summary>
/// Writes a root filesystem as a tar stream for the engine's import API. <see cref="TarWriter"/> keeps
/// modes (including setuid), uid/gid and symlinks; symlinked directories are stored as links, never
/// followed. The contents of <c>dev</c>, <c>proc</c> and <c>sys</c> (device nodes debootstrap made, a
/// leftover mount) are skipped: the engine provides those at run time. A minbase root filesystem has no
/// device nodes, FIFOs or sockets elsewhere; if one appeared, TarWriter would store it as such.
/// </summary>
internal static class RootfsTar
{
    /// <summary>Top-level directories stored empty.</summary>
    public static readonly IReadOnlyList<string> EmptyMountPoints = ["dev", "proc", "sys"];

    /// <summary>Streams <paramref name="rootfs"/> into <paramref name="output"/> as a PAX tar; returns the entry count.</summary>
    public static async Task<int> WriteAsync(string rootfs, Stream output, CancellationToken ct)
    {
        var count = 0;
        await using var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        var pending = new Stack<(DirectoryInfo Dir, string EntryPrefix)>();
        pending.Push((new DirectoryInfo(rootfs), ""));
        while (pending.Count > 0)
        {
            var (dir, prefix) = pending.Pop();
            foreach (var entry in dir.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                ct.ThrowIfCancellationRequested();
                var name = prefix + entry.Name;
                await writer.WriteEntryAsync(entry.FullName, name, ct);
                count++;
                var isRealDirectory = entry is DirectoryInfo && entry.LinkTarget is null;
                if (isRealDirectory && !(prefix.Length == 0 && EmptyMountPoints.Contains(entry.Name)))
                    pending.Push(((DirectoryInfo)entry, name + "/"));
            }
        }
        return count;
    }
}
