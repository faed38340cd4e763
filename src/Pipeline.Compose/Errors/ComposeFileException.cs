using Pipeline.IO;

namespace Pipeline.Compose.Errors;

/// <summary>
/// A compose file (or its <c>.env</c>) that cannot be used. <see cref="Exception.Message"/> is one line:
/// <c>file:line: what is wrong</c>, so a build log shows exactly where to look.
/// </summary>
public sealed class ComposeFileException : Exception
{
    /// <summary>Creates the error for <paramref name="file"/> at <paramref name="line"/> (1-based; 0 when unknown).</summary>
    public ComposeFileException(string file, long line, string problem, Exception? inner = null)
        : base(Format(file, line, problem), inner)
    {
        File = file;
        Line = line;
        Problem = ErrorText.OneLine(problem);
    }

    /// <summary>The file that holds the error.</summary>
    public string File { get; }

    /// <summary>The 1-based line of the error, or 0 when the whole file is concerned.</summary>
    public long Line { get; }

    /// <summary>The problem alone, without the location.</summary>
    public string Problem { get; }

    private static string Format(string file, long line, string problem) =>
        line > 0 ? $"{file}:{line}: {ErrorText.OneLine(problem)}" : $"{file}: {ErrorText.OneLine(problem)}";
}
