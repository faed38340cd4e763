namespace Pipeline.Python.Locks;

/// <summary>Reads a lock from disk, choosing the format from its file name (the only I/O of lock reading).</summary>
public static class LockFileReader
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
            _ => RequirementsLockReader.Read(text, path),
        };
    }
}
