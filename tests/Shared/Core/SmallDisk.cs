using System.Diagnostics;

namespace Pipeline.Testing;

/// <summary>
/// A real, tiny file system (tmpfs of a few kB) mounted on a temp folder, to fill up: writes there fail with ENOSPC
/// as on a full disk. Needs root (mount); <see cref="SmallDiskFactAttribute"/> skips with the reason elsewhere.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    private readonly TempDirectory _mountPoint = new("small-disk");

    /// <summary>Mounts a tmpfs of <paramref name="kilobytes"/> kB.</summary>
    public SmallDisk(int kilobytes = 64)
    {
        Run("mount", "-t", "tmpfs", "-o", $"size={kilobytes}k", "tmpfs", _mountPoint.Path);
    }

    /// <summary>The mounted folder.</summary>
    public string Path => _mountPoint.Path;

    /// <summary>Whether this process may mount (root on Linux with mount(8)).</summary>
    public static bool Available => OperatingSystem.IsLinux() && Environment.UserName == "root" && File.Exists("/bin/mount");

    /// <summary>Fills the file system up with one file, so that the next write of any size fails.</summary>
    public void Fill()
    {
        try
        {
            using var filler = new FileStream(System.IO.Path.Combine(Path, ".filler"), FileMode.Create);
            var block = new byte[4096];
            while (true) filler.Write(block);
        }
        catch (IOException)
        {
            // ENOSPC: full, as wanted.
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Run("umount", "-l", Path);
        _mountPoint.Dispose();
    }

    private static void Run(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)}: {error.Trim()}");
    }
}

/// <summary>A fact that needs <see cref="SmallDisk"/>: skipped, with the reason, where this process may not mount.</summary>
public sealed class SmallDiskFactAttribute : FactAttribute
{
    /// <summary>Skips the test unless <see cref="SmallDisk.Available"/>.</summary>
    public SmallDiskFactAttribute()
    {
        if (!SmallDisk.Available) Skip = "needs root to mount a small tmpfs (a real full disk)";
    }
}
