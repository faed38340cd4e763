namespace Pipeline.BaseImages.Rootfs;

/// <summary>
/// Slims a bootstrapped root filesystem the way <c>python:*-slim</c> images are slim, and makes it
/// usable from Dockerfiles: no apt caches/lists, docs, man pages, locales or <c>__pycache__</c>; no
/// <c>EXTERNALLY-MANAGED</c> marker (so <c>pip install</c> works without a venv); <c>python</c> and
/// <c>pip</c> on PATH. Changing anything here must bump <see cref="Planning.BaseImageRecipe.ProcedureVersion"/>.
/// </summary>
internal static class RootfsCleaner
{
    /// <summary>Directories whose contents are removed (the directories themselves stay).</summary>
    public static readonly IReadOnlyList<string> EmptiedDirectories =
    [
        "var/cache/apt/archives", "var/lib/apt/lists", "usr/share/doc", "usr/share/man", "usr/share/info",
        "usr/share/lintian", "usr/share/linda", "var/cache/man", "tmp", "var/tmp",
    ];

    /// <summary>Files kept inside <see cref="EmptiedDirectories"/> because apt expects them.</summary>
    private static readonly HashSet<string> KeptPaths = ["var/lib/apt/lists/partial", "var/cache/apt/archives/partial", "var/cache/apt/archives/lock", "var/lib/apt/lists/lock"];

    /// <summary>
    /// dpkg and apt settings from the official Debian images: later <c>apt-get install</c> in a Dockerfile
    /// skips docs/man pages/locales and drops downloaded archives, so derived images stay slim too.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ConfigFiles = new Dictionary<string, string>
    {
        ["etc/dpkg/dpkg.cfg.d/pipeline-slim"] =
            "path-exclude /usr/share/doc/*\npath-include /usr/share/doc/*/copyright\npath-exclude /usr/share/man/*\n"
            + "path-exclude /usr/share/info/*\npath-exclude /usr/share/locale/*\npath-include /usr/share/locale/locale.alias\n",
        ["etc/apt/apt.conf.d/docker-clean"] =
            "DPkg::Post-Invoke { \"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true\"; };\n"
            + "APT::Update::Post-Invoke { \"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true\"; };\n"
            + "Dir::Cache::pkgcache \"\";\nDir::Cache::srcpkgcache \"\";\n",
        ["etc/apt/apt.conf.d/docker-no-languages"] = "Acquire::Languages \"none\";\n",
    };

    /// <summary>Symlinks created when missing (name → target), because Dockerfiles say <c>python</c> and <c>pip</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> Symlinks = new Dictionary<string, string>
    {
        ["usr/bin/python"] = "python3",
        ["usr/bin/pip"] = "pip3",
    };

    /// <summary>Applies the cleanup to <paramref name="rootfs"/>; returns the bytes removed.</summary>
    public static long Clean(string rootfs)
    {
        long removed = 0;
        foreach (var dir in EmptiedDirectories)
            removed += EmptyDirectory(rootfs, dir);
        // Logs go but their folders stay: apt and dpkg write into var/log/apt without creating it.
        removed += DeleteFiles(Path.Combine(rootfs, "var/log"), "*", SearchOption.AllDirectories);
        removed += DeleteFiles(Path.Combine(rootfs, "var/cache/apt"), "*.bin", SearchOption.TopDirectoryOnly);
        removed += DeleteFiles(Path.Combine(rootfs, "var/cache/debconf"), "*-old", SearchOption.TopDirectoryOnly);
        removed += CleanLocales(Path.Combine(rootfs, "usr/share/locale"));
        removed += DeletePycache(Path.Combine(rootfs, "usr/lib"));
        removed += DeleteFiles(Path.Combine(rootfs, "usr/lib"), "EXTERNALLY-MANAGED", SearchOption.AllDirectories, onlyUnder: "python3");

        foreach (var (relative, content) in ConfigFiles)
        {
            var path = Path.Combine(rootfs, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }
        foreach (var (relative, target) in Symlinks)
        {
            var path = Path.Combine(rootfs, relative);
            if (!File.Exists(path) && new FileInfo(path).LinkTarget is null) File.CreateSymbolicLink(path, target);
        }
        return removed;
    }

    private static long EmptyDirectory(string rootfs, string relative)
    {
        var dir = new DirectoryInfo(Path.Combine(rootfs, relative));
        if (!dir.Exists) return 0;
        long removed = 0;
        foreach (var entry in dir.EnumerateFileSystemInfos())
        {
            if (KeptPaths.Contains($"{relative}/{entry.Name}")) continue;
            removed += Remove(entry);
        }
        return removed;
    }

    private static long CleanLocales(string localeDir)
    {
        // Every translation goes; locale.alias (a file) stays, as in the slim images.
        var dir = new DirectoryInfo(localeDir);
        return dir.Exists ? dir.EnumerateDirectories().Sum(Remove) : 0;
    }

    private static long DeletePycache(string libDir)
    {
        var dir = new DirectoryInfo(libDir);
        if (!dir.Exists) return 0;
        var caches = dir.EnumerateDirectories("__pycache__", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .ToList();
        return caches.Sum(Remove);
    }

    private static long DeleteFiles(string dir, string pattern, SearchOption option, string? onlyUnder = null)
    {
        if (!Directory.Exists(dir)) return 0;
        long removed = 0;
        foreach (var file in Directory.EnumerateFiles(dir, pattern, new EnumerationOptions
                 {
                     RecurseSubdirectories = option == SearchOption.AllDirectories,
                     AttributesToSkip = FileAttributes.ReparsePoint,
                     MaxRecursionDepth = 2,
                 }).ToList())
        {
            if (onlyUnder is not null && !Path.GetRelativePath(dir, file).StartsWith(onlyUnder, StringComparison.Ordinal)) continue;
            removed += Remove(new FileInfo(file));
        }
        return removed;
    }

    private static long Remove(FileSystemInfo entry)
    {
        if (entry.LinkTarget is not null) { entry.Delete(); return 0; }
        if (entry is FileInfo file) { var size = file.Length; file.Delete(); return size; }
        var directory = (DirectoryInfo)entry;
        var bytes = directory.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Sum(f => f.Length);
        directory.Delete(recursive: true);
        return bytes;
    }
}
