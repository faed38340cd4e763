using Pipeline.Packaging;

namespace Pipeline.Python;

/// <summary>
/// Bad input in a Python packaging file (lock, pyproject, requirements, pip report): the message is ONE line
/// naming <c>file:line</c> and what was expected, so the build summary can show it as is.
/// </summary>
public sealed class PythonInputException : InputFormatException
{
    /// <summary>Creates the error; <paramref name="line"/> is 1-based, 0 when the position is not known.</summary>
    public PythonInputException(string file, int line, string problem, Exception? inner = null)
        : base(file, line, problem, inner)
    {
    }
}
