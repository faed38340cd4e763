namespace Pipeline.Testing;

/// <summary>Locates the repository root and the read-only shared fixtures beside it.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The directory that holds <c>Pipeline.sln</c>.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary><c>../shared/fixtures</c> relative to the root: tests read fixtures in place, never copies.</summary>
    public static string Fixtures => Path.GetFullPath(Path.Combine(Root, "..", "shared", "fixtures"));

    /// <summary>True when the shared fixtures are beside the clone (CI has them; a plain clone does not).</summary>
    public static bool HasFixtures => Directory.Exists(Fixtures);

    /// <summary>Why a fixture test is skipped in a clone with nothing beside it.</summary>
    public static string NoFixturesReason => $"needs the shared fixtures at {Fixtures}, which are not beside this clone";

    /// <summary>A path under the shared fixtures folder (tests that use it are <see cref="FixtureFactAttribute"/>s).</summary>
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
