namespace Pipeline.Python.Index.Catalog;

/// <summary>
/// A catalogue file that cannot be used. The message is one line, <c>file:line: what was expected</c>,
/// so a build log points straight at the entry to fix.
/// </summary>
public sealed class CatalogueException : Exception
{
    /// <summary>Creates the error for <paramref name="source"/> at <paramref name="line"/> (1-based).</summary>
    public CatalogueException(string source, int line, string problem, Exception? inner = null)
        : base($"{source}:{line}: {problem}", inner)
    {
        SourceName = source;
        Line = line;
        Problem = problem;
    }

    /// <summary>The catalogue file (or embedded resource name) that holds the problem.</summary>
    public string SourceName { get; }

    /// <summary>1-based line of the offending entry or token.</summary>
    public int Line { get; }

    /// <summary>What was wrong and what was expected, without the location prefix.</summary>
    public string Problem { get; }
}
