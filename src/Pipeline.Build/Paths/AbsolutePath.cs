namespace Pipeline.Build;

/// <summary>
/// An absolute, normalised file-system path, as in NUKE: <c>RootDirectory / "src" / "app"</c>.
/// Parameters of this type resolve relative values against the build's root directory.
/// </summary>
public sealed class AbsolutePath : IEquatable<AbsolutePath>
{
    private readonly string _path;

    private AbsolutePath(string path) => _path = path;

    /// <summary>Creates a path; <paramref name="path"/> must be rooted.</summary>
    public static AbsolutePath Create(string path)
    {
        if (!Path.IsPathRooted(path))
            throw new ArgumentException($"'{path}' is not an absolute path", nameof(path));
        var full = Path.GetFullPath(path);
        return new AbsolutePath(full.Length > 1 ? full.TrimEnd(Path.DirectorySeparatorChar) : full);
    }

    /// <summary>Resolves <paramref name="path"/> against <paramref name="baseDirectory"/> unless already rooted.</summary>
    public static AbsolutePath Resolve(string path, AbsolutePath baseDirectory) =>
        Create(Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path));

    /// <summary>Appends a relative segment.</summary>
    public static AbsolutePath operator /(AbsolutePath left, string right) => Create(Path.Combine(left._path, right));

    /// <summary>The path as a string.</summary>
    public static implicit operator string(AbsolutePath path) => path._path;

    /// <summary>The parent directory, or null at the file-system root.</summary>
    public AbsolutePath? Parent => Path.GetDirectoryName(_path) is { } parent ? new AbsolutePath(parent) : null;

    /// <summary>The last segment.</summary>
    public string Name => Path.GetFileName(_path);

    /// <summary>True when a file exists at this path.</summary>
    public bool FileExists() => File.Exists(_path);

    /// <summary>True when a directory exists at this path.</summary>
    public bool DirectoryExists() => Directory.Exists(_path);

    /// <summary>Creates the directory (and parents) if needed; returns this path.</summary>
    public AbsolutePath CreateDirectory()
    {
        Directory.CreateDirectory(_path);
        return this;
    }

    /// <summary>This path relative to <paramref name="basePath"/>.</summary>
    public string RelativeTo(AbsolutePath basePath) => Path.GetRelativePath(basePath, _path);

    /// <inheritdoc />
    public override string ToString() => _path;

    /// <inheritdoc />
    public bool Equals(AbsolutePath? other) => other is not null && string.Equals(_path, other._path, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is AbsolutePath other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_path);
}
