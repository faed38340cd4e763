namespace Pipeline.Python.IO;

/// <summary>Finds a program the way a shell would, so a missing tool gets a clear message before anything runs.</summary>
internal static class ExecutableLocator
{
    /// <summary>
    /// The full path of <paramref name="nameOrPath"/>: itself when it contains a directory separator and exists,
    /// else the first match on <paramref name="searchPath"/> (default: the PATH variable); null when not found.
    /// </summary>
    public static string? Find(string nameOrPath, string? searchPath = null)
    {
        if (nameOrPath.Contains(Path.DirectorySeparatorChar) || nameOrPath.Contains(Path.AltDirectorySeparatorChar))
            return File.Exists(nameOrPath) ? Path.GetFullPath(nameOrPath) : null;
        searchPath ??= Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, nameOrPath);
            if (File.Exists(candidate))
                return candidate;
            if (OperatingSystem.IsWindows() && File.Exists(candidate + ".exe"))
                return candidate + ".exe";
        }
        return null;
    }
}
