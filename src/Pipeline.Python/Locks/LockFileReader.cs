namespace Pipeline.Python.Locks;

/// <summary>Reads a lock from disk, choosing the format from its file name (the only I/O of lock reading).</summary>
internal static class LockFileReader
{
    /// <summary>The format a file name implies: <c>*.lock</c> with TOML → uv, <c>pylock*.toml</c> → PEP 751, else requirements.</summary>
    public static LockFormat FormatOf(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        if (name.EndsWith(".toml", StringComparison.Ordinal) && name.Contains("pylock", StringComparison.Ordinal))
            return LockFormat.Pylock;
        if (name == "uv.lock" || name.EndsWith(".uv.lock", StringComparison.Ordinal))
            return LockFormat.UvLock;
        return LockFormat.Requirements;
    }

    /// <summary>Reads and parses <paramref name="path"/>.</summary>
    public static async Task<LockFile> ReadAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
            throw new PythonInputException(path, 0, "lock file not found");
        var text = await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
        return FormatOf(path) switch
        {
            LockFormat.UvLock => UvLockReader.Read(text, path),
            LockFormat.Pylock => PylockReader.Read(text, path),
            _ => await ReadRequirementsAsync(text, path, ct).ConfigureAwait(false),
        };
    }

    /// <summary>
    /// A requirements file with the files it includes with <c>-r</c> (read relative to the including file, as pip
    /// does; each file once, so include cycles end): what pip would install is the union, so the audit sees it all.
    /// Constraints files (<c>-c</c>) install nothing and are not read.
    /// </summary>
    private static async Task<LockFile> ReadRequirementsAsync(string text, string path, CancellationToken ct)
    {
        var packages = new List<LockedPackage>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { Path.GetFullPath(path) };
        var pending = new Queue<(string Path, string Text, bool Included)>([(path, text, false)]);
        while (pending.TryDequeue(out var next))
        {
            var file = RequirementsReader.Read(next.Text, next.Path);
            packages.AddRange(RequirementsLockReader.Packages(file, next.Included ? next.Path : null));
            foreach (var include in file.Includes)
            {
                if (Uri.TryCreate(include.Target, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                    throw new PythonInputException(next.Path, include.Line,
                        $"included file '{include.Target}' is a URL and would not be audited; expected a local requirements file");
                var shown = Path.Combine(Path.GetDirectoryName(next.Path) ?? "", include.Target);
                if (!seen.Add(Path.GetFullPath(shown)))
                    continue;
                if (!File.Exists(shown))
                    throw new PythonInputException(next.Path, include.Line,
                        $"included file '{include.Target}' not found (looked for {shown}); expected a path relative to this file, as pip reads it");
                pending.Enqueue((shown, await File.ReadAllTextAsync(shown, ct).ConfigureAwait(false), true));
            }
        }
        return new LockFile(path, LockFormat.Requirements, packages);
    }
}
