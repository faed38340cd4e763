namespace Pipeline.Containers.Context;

/// <summary>
/// A <c>.dockerignore</c> file's rules, evaluated as moby's <c>patternmatcher.MatchesOrParentMatches</c>: patterns
/// apply in order, the last matching one wins, and a pattern also matches a path when it matches one of the
/// path's parent directories. Written by hand because no NuGet package implements these exact semantics
/// (gitignore matchers differ: e.g. <c>*</c> there matches at any depth, here only at the top).
/// </summary>
internal sealed class DockerIgnoreMatcher
{
    private readonly IReadOnlyList<DockerIgnorePattern> _patterns;

    /// <summary>Compiles the lines of a <c>.dockerignore</c> file; <paramref name="file"/> names it in errors.</summary>
    /// <exception cref="FormatException">A malformed pattern: <c>file:line: bad pattern '...': reason</c>.</exception>
    public DockerIgnoreMatcher(IEnumerable<string> lines, string file = ".dockerignore")
    {
        var patterns = new List<DockerIgnorePattern>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            try
            {
                if (DockerIgnorePattern.Parse(line) is { } pattern) patterns.Add(pattern);
            }
            catch (FormatException e)
            {
                throw new FormatException($"{file}:{number}: {e.Message}", e);
            }
        }
        _patterns = patterns;
    }

    /// <summary>A matcher that excludes nothing.</summary>
    public static DockerIgnoreMatcher None { get; } = new([]);

    /// <summary>True when some rule is a <c>!</c> exception (then excluded folders must still be walked).</summary>
    public bool HasExceptions => _patterns.Any(p => p.IsException);

    /// <summary>Reads <c>.dockerignore</c> in <paramref name="contextDirectory"/>, or returns <see cref="None"/>.</summary>
    public static async Task<DockerIgnoreMatcher> ForContextAsync(string contextDirectory, CancellationToken ct)
    {
        var file = Path.Combine(contextDirectory, ".dockerignore");
        return File.Exists(file) ? new DockerIgnoreMatcher(await File.ReadAllLinesAsync(file, ct), file) : None;
    }

    /// <summary>Whether <paramref name="relativePath"/> (slash-separated) is left out of the context.</summary>
    public bool IsExcluded(string relativePath)
    {
        var path = DockerIgnorePattern.CleanPath(relativePath);
        var slash = path.LastIndexOf('/');
        var parents = slash < 0 ? [] : path[..slash].Split('/');
        var excluded = false;
        foreach (var pattern in _patterns)
        {
            // An exclusion can only change an excluded path, an inclusion only an included one.
            if (pattern.IsException != excluded) continue;
            var match = pattern.Matches(path);
            for (var i = 0; !match && i < parents.Length; i++)
                match = pattern.Matches(string.Join('/', parents[..(i + 1)]));
            if (match) excluded = !pattern.IsException;
        }
        return excluded;
    }
}
