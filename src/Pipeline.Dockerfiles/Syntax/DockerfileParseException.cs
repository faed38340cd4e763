using Pipeline.Packaging;

namespace Pipeline.Dockerfiles.Syntax;

/// <summary>
/// A Dockerfile that BuildKit would reject. The message is one line, <c>file:line: what was expected</c>,
/// so a build log points straight at the offending instruction.
/// </summary>
public sealed class DockerfileParseException : InputFormatException
{
    /// <summary>Creates the error for <paramref name="file"/> (or a label such as <c>&lt;input&gt;</c>) at 1-based <paramref name="line"/>.</summary>
    public DockerfileParseException(string file, int line, string problem)
        : base(file, line, problem)
    {
    }
}
