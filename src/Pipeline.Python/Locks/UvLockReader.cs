using Tomlyn.Model;

namespace Pipeline.Python.Locks;

/// <summary>
/// Reads uv's <c>uv.lock</c> (TOML, <c>version = 1</c>): every <c>[[package]]</c> with its source, wheels
/// (sizes may be missing: PyTorch's index gives none), sdist, resolution markers and dependency edges.
/// Pure: takes the text, does no I/O.
/// </summary>
internal static class UvLockReader
{
    /// <summary>Parses <paramref name="text"/>; <paramref name="path"/> names the file in errors.</summary>
    public static LockFile Read(string text, string path)
    {
        var doc = TomlAccess.Parse(text, path, out var syntax);
        // uv writes every package as a [[package]] table; their header lines locate errors and audit rows.
        var lines = TomlAccess.TableArrayLines(syntax, "package");
        if (TomlAccess.Long(doc, "version") is null)
            throw new PythonInputException(path, 1, "not a uv.lock: expected a top-level 'version = 1'");
        var packages = new List<LockedPackage>();
        var tables = TomlAccess.Tables(doc, "package").ToList();
        for (var i = 0; i < tables.Count; i++)
        {
            var p = tables[i];
            var line = lines.Count == tables.Count ? lines[i] : 0;
            var name = TomlAccess.RequiredString(p, "name", path, "[[package]]", line);
            var context = $"package '{name}'";
            var source = TomlAccess.Table(p, "source");
            var optional = new Dictionary<string, IReadOnlyList<LockedDependency>>(StringComparer.Ordinal);
            foreach (var (extra, deps) in TomlAccess.Table(p, "optional-dependencies") ?? [])
                optional[extra] = Dependencies(deps, path, context, line);
            foreach (var (group, deps) in TomlAccess.Table(p, "dev-dependencies") ?? [])
                optional["dev:" + group] = Dependencies(deps, path, context, line);
            packages.Add(new LockedPackage
            {
                Name = name,
                // Workspace members may omit the version (dynamic metadata).
                Version = TomlAccess.String(p, "version") ?? "(dynamic)",
                Source = DescribeSource(source),
                Wheels = TomlAccess.Tables(p, "wheels").Select(w => File(w, path, context, line)).ToList(),
                Sdist = TomlAccess.Table(p, "sdist") is { } s ? File(s, path, context, line) : null,
                ResolutionMarkers = TomlAccess.Strings(p, "resolution-markers").ToList(),
                Dependencies = Dependencies(p.TryGetValue("dependencies", out var d) ? d : null, path, context, line),
                OptionalDependencies = optional,
                IsRoot = source is not null && (source.ContainsKey("editable") || source.ContainsKey("virtual")),
                Line = line,
            });
        }
        return new LockFile(path, LockFormat.UvLock, packages);
    }

    private static string DescribeSource(TomlTable? source)
    {
        if (source is null)
            return "unknown";
        foreach (var key in new[] { "registry", "url", "git", "path", "directory", "editable", "virtual" })
        {
            if (TomlAccess.String(source, key) is { } value)
                return key is "registry" or "url" ? value : $"{key}: {value}";
        }
        return "unknown";
    }

    private static LockedFile File(TomlTable t, string path, string context, int line)
    {
        var url = TomlAccess.String(t, "url") ?? TomlAccess.String(t, "path") ?? TomlAccess.String(t, "filename")
                  ?? throw new PythonInputException(path, line, $"{context}: expected 'url' in a wheel or sdist entry");
        var name = Uri.UnescapeDataString(url[(url.LastIndexOf('/') + 1)..]);
        return new LockedFile(url, name, TomlAccess.Long(t, "size"));
    }

    private static IReadOnlyList<LockedDependency> Dependencies(object? value, string path, string context, int line)
    {
        if (value is not TomlArray array)
            return [];
        return array.OfType<TomlTable>().Select(d => new LockedDependency(
            TomlAccess.RequiredString(d, "name", path, $"{context} dependency", line),
            TomlAccess.String(d, "version"),
            TomlAccess.Table(d, "source") is { } s ? DescribeSource(s) : null,
            TomlAccess.String(d, "marker"),
            TomlAccess.Strings(d, "extra").ToList())).ToList();
    }
}
