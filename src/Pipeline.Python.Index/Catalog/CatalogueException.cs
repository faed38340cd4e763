using Pipeline.Packaging;

namespace Pipeline.Python.Index.Catalog;

/// <summary>
/// A catalogue file that cannot be used. The message is one line, <c>file:line: what was expected</c>,
/// so a build log points straight at the entry to fix.
/// </summary>
public sealed class CatalogueException : InputFormatException
{
    /// <summary>Creates the error for <paramref name="source"/> at <paramref name="line"/> (1-based).</summary>
    public CatalogueException(string source, int line, string problem, Exception? inner = null)
        : base(source, line, problem, inner)
    {
    }

    /// <summary>The catalogue file (or embedded resource name) that holds the problem: <see cref="InputFormatException.File"/>.</summary>
    public string SourceName => File;
}
