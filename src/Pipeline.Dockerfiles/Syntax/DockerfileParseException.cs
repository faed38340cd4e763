using Pipeline.IO;

namespace Pipeline.Dockerfiles.Syntax;

/// <summary>
/// A Dockerfile that BuildKit would reject. The message is one line, <c>file:line: what was expected</c>,
/// so a build log points straight at the offending instruction.
/// </summary>
public sealed class DockerfileParseException : Exception
{
    /// <summary>Creates the error for <paramref name="file"/> at 1-based <paramref name="line"/>.</summary>
    public DockerfileParseException(string file, int line, string problem)
        : base($"{file}:{line}: {ErrorText.OneLine(problem)}")
    {
        File = file;
        Line = line;
        Problem = ErrorText.OneLine(problem);
    }

    /// <summary>The file name (or a label such as <c>&lt;input&gt;</c>) the error is reported against.</summary>
    public string File { get; }

    /// <summary>The 1-based line where the problem starts.</summary>
    public int Line { get; }

    /// <summary>What was wrong or expected, without the location.</summary>
    public string Problem { get; }
}
