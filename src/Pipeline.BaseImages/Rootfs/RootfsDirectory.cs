using CliWrap;
using CliWrap.Buffered;
using Pipeline.BaseImages.Planning;

namespace Pipeline.BaseImages.Rootfs;

/// <summary>
/// Removes a root filesystem safely: first unmounts whatever debootstrap left mounted inside it
/// (a killed run leaves <c>proc</c> and device binds), then deletes, and refuses to delete while
/// anything is still mounted so a recursive delete never reaches the host's <c>/proc</c> or <c>/dev</c>.
/// </summary>
internal static class RootfsDirectory
{
    /// <summary>Unmounts everything below <paramref name="rootfs"/> (deepest first, lazily if busy).</summary>
    public static async Task UnmountAllAsync(string rootfs, CancellationToken ct)
    {
        var full = Path.GetFullPath(rootfs);
        foreach (var point in MountTable.MountsUnder(await ReadMountInfoAsync(ct), full))
        {
            var result = await Cli.Wrap("umount").WithArguments([point]).WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(ct);
            if (result.ExitCode != 0)
                await Cli.Wrap("umount").WithArguments(["--lazy", point]).WithValidation(CommandResultValidation.None)
                    .ExecuteBufferedAsync(ct);
        }
        var left = MountTable.MountsUnder(await ReadMountInfoAsync(ct), full);
        if (left.Count > 0)
            throw new BaseImageException($"Could not unmount {left[0]} (left by debootstrap): unmount it by hand, then retry");
    }

    /// <summary>Unmounts, then deletes <paramref name="rootfs"/> if it exists.</summary>
    public static async Task DeleteAsync(string rootfs, CancellationToken ct)
    {
        if (!Directory.Exists(rootfs)) return;
        await UnmountAllAsync(rootfs, ct);
        Directory.Delete(rootfs, recursive: true);
    }

    private static Task<string> ReadMountInfoAsync(CancellationToken ct) =>
        File.ReadAllTextAsync("/proc/self/mountinfo", ct);
}
