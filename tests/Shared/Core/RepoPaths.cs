namespace Pipeline.Testing;

/// <summary>Locates the repository root and the read-only shared fixtures beside it.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The directory that holds <c>Pipeline.sln</c>.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary><c>../shared/fixtures</c> relative to the root: tests read fixtures in place, never copies.</summary>
    public static string Fixtures => Path.GetFullPath(Path.Combine(Root, "..", "shared", "fixtures"));

    /// <summary>A path under the shared fixtures folder.</summary>
    public static string Fixture(params string[] parts) => Path.Combine([Fixtures, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pipeline.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No Pipeline.sln above {AppContext.BaseDirectory}");
    }
}
