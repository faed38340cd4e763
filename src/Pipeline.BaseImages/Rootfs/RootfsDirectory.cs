using Pipeline.IO;

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
        if (await MountTable.UnmountAllAsync(rootfs, ct) is { Count: > 0 } left)
            throw new BaseImageException($"Could not unmount {left[0]} (left by debootstrap): unmount it by hand, then retry");
    }

    /// <summary>Unmounts, then deletes <paramref name="rootfs"/> if it exists.</summary>
    public static async Task DeleteAsync(string rootfs, CancellationToken ct)
    {
        if (!Directory.Exists(rootfs)) return;
        await UnmountAllAsync(rootfs, ct);
        Directory.Delete(rootfs, recursive: true);
    }
}
