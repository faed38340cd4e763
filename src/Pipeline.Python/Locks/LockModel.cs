namespace Pipeline.Python.Locks;

/// <summary>Which kind of file a lock was read from.</summary>
public enum LockFormat
{
    /// <summary>uv's <c>uv.lock</c>.</summary>
    UvLock,

    /// <summary>PEP 751 <c>pylock.toml</c>.</summary>
    Pylock,

    /// <summary>A pip requirements file (ideally <c>==</c> pins with <c>--hash</c>).</summary>
    Requirements,
}

/// <summary>One downloadable file of a package; <see cref="Size"/> is null when the lock does not say (never 0).</summary>
internal sealed record LockedFile(string Url, string FileName, long? Size);

/// <summary>An edge of uv's dependency graph; version/source disambiguate forked packages.</summary>
internal sealed record LockedDependency(string Name, string? Version, string? Source, string? Marker, IReadOnlyList<string> Extras);

/// <summary>One package entry of a lock (uv may list a name several times, once per resolution fork).</summary>
internal sealed record LockedPackage
{
    /// <summary>Package name as written in the lock.</summary>
    public required string Name { get; init; }

    /// <summary>Pinned version, or the specifier text for an unpinned requirement.</summary>
    public required string Version { get; init; }

    /// <summary>Where it comes from: index URL, <c>editable: .</c>, a direct URL, or <c>default index</c>.</summary>
    public required string Source { get; init; }

    /// <summary>True when the version is an exact <c>==</c> pin.</summary>
    public bool IsPinned { get; init; } = true;

    /// <summary>The wheels listed for it.</summary>
    public IReadOnlyList<LockedFile> Wheels { get; init; } = [];

    /// <summary>The source distribution, if listed.</summary>
    public LockedFile? Sdist { get; init; }

    /// <summary>uv's per-package <c>resolution-markers</c>: the forks this entry belongs to (empty: all).</summary>
    public IReadOnlyList<string> ResolutionMarkers { get; init; } = [];

    /// <summary>PEP 751 / requirements marker deciding whether the package is installed at all.</summary>
    public string? Marker { get; init; }

    /// <summary>Required dependencies (uv only).</summary>
    public IReadOnlyList<LockedDependency> Dependencies { get; init; } = [];

    /// <summary>Dependencies per extra and per dev group (uv only).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<LockedDependency>> OptionalDependencies { get; init; } =
        new Dictionary<string, IReadOnlyList<LockedDependency>>();

    /// <summary>True for the project itself (uv's editable/virtual workspace members).</summary>
    public bool IsRoot { get; init; }

    /// <summary>1-based line in the source file when known (the requirement, or the <c>[[package]]</c> header of a TOML lock), else 0.</summary>
    public int Line { get; init; }

    /// <summary>The included requirements file (<c>-r</c>) the entry comes from; null when it is in the lock itself.</summary>
    public string? SourceFile { get; init; }
}

/// <summary>A lock file read into memory, format-independent.</summary>
internal sealed record LockFile(string Path, LockFormat Format, IReadOnlyList<LockedPackage> Packages);
