using Serilog;

namespace Pipeline.Build;

/// <summary>Workspace housekeeping for self-builds.</summary>
public static class Workspace
{
    /// <summary>Deletes <c>bin/</c> and <c>obj/</c> under <c>src/</c>, <c>tests/</c> and <c>templates/</c>, and the artifacts directory.</summary>
    public static void Clean(AbsolutePath root, AbsolutePath artifacts)
    {
        var deleted = 0;
        foreach (var top in new[] { root / "src", root / "tests", root / "templates" }.Where(d => d.DirectoryExists()))
        foreach (var dir in Directory.EnumerateDirectories(top, "*", SearchOption.AllDirectories)
                     .Where(d => Path.GetFileName(d) is "bin" or "obj").ToList())
        {
            if (!Directory.Exists(dir)) continue;
            Directory.Delete(dir, recursive: true);
            deleted++;
        }
        if (artifacts.DirectoryExists())
        {
            Directory.Delete(artifacts, recursive: true);
            deleted++;
        }
        Log.Information("Deleted {Count} directories", deleted);
    }
}
