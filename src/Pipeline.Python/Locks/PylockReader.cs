using Tomlyn.Model;

namespace Pipeline.Python.Locks;

/// <summary>
/// Reads PEP 751 <c>pylock.toml</c>: <c>[[packages]]</c> with <c>name</c>, <c>version</c>, optional
/// <c>marker</c> and <c>index</c>, <c>wheels</c> and <c>sdist</c> carrying <c>url</c>, <c>size</c> and
/// <c>hashes</c>. Pure: takes the text, does no I/O.
/// </summary>
internal static class PylockReader
{
    /// <summary>Parses <paramref name="text"/>; <paramref name="path"/> names the file in errors.</summary>
    public static LockFile Read(string text, string path)
    {
        var doc = TomlAccess.Parse(text, path, out var syntax);
        // [[packages]] header lines locate errors and audit rows (0 when packages are written inline).
        var lines = TomlAccess.TableArrayLines(syntax, "packages");
        if (TomlAccess.String(doc, "lock-version") is null)
            throw new PythonInputException(path, 1, "not a PEP 751 lock: expected a top-level 'lock-version = \"1.0\"'");
        var packages = new List<LockedPackage>();
        var tables = TomlAccess.Tables(doc, "packages").ToList();
        for (var i = 0; i < tables.Count; i++)
        {
            var p = tables[i];
            var line = lines.Count == tables.Count ? lines[i] : 0;
            var name = TomlAccess.RequiredString(p, "name", path, "[[packages]]", line);
            var context = $"package '{name}'";
            var wheels = TomlAccess.Tables(p, "wheels").Select(w => File(w, path, context, line)).ToList();
            var sdist = TomlAccess.Table(p, "sdist") is { } s ? File(s, path, context, line) : null;
            var firstUrl = wheels.FirstOrDefault()?.Url ?? sdist?.Url;
            packages.Add(new LockedPackage
            {
                Name = name,
                Version = TomlAccess.String(p, "version") ?? "(unversioned)",
                Source = TomlAccess.String(p, "index") ?? HostOf(firstUrl) ?? "unknown",
                Wheels = wheels,
                Sdist = sdist,
                Marker = TomlAccess.String(p, "marker"),
                Line = line,
            });
        }
        return new LockFile(path, LockFormat.Pylock, packages);
    }

    private static string? HostOf(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var u) ? $"{u.Scheme}://{u.Authority}" : null;

    private static LockedFile File(TomlTable t, string path, string context, int line)
    {
        // A file may be named only (with the package's index to find it): LockCpu writes no machine-local URL.
        var url = TomlAccess.String(t, "url") ?? TomlAccess.String(t, "path") ?? TomlAccess.String(t, "name")
                  ?? throw new PythonInputException(path, line, $"{context}: expected 'url', 'path' or 'name' in a wheel or sdist entry");
        var name = TomlAccess.String(t, "name") ?? Uri.UnescapeDataString(url[(url.LastIndexOf('/') + 1)..]);
        return new LockedFile(url, name, TomlAccess.Long(t, "size"));
    }
}
