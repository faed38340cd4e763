namespace Pipeline.Compose.Loading;

/// <summary>Finds the compose file in a folder by the names compose tries, in compose's order.</summary>
internal static class ComposeFileLocator
{
    /// <summary>The file names compose looks for, most preferred first.</summary>
    public static readonly IReadOnlyList<string> CandidateNames =
        ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];

    /// <summary>
    /// Returns <paramref name="path"/> when it is a file, else the first candidate inside the folder.
    /// </summary>
    /// <exception cref="FileNotFoundException">Nothing to load.</exception>
    public static string Locate(string path)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full)) return full;
        if (Directory.Exists(full))
        {
            foreach (var name in CandidateNames)
            {
                var candidate = Path.Combine(full, name);
                if (File.Exists(candidate)) return candidate;
            }
            throw new FileNotFoundException($"{full}: no compose file (looked for {string.Join(", ", CandidateNames)})", full);
        }
        throw new FileNotFoundException($"{full}: compose file not found", full);
    }
}
