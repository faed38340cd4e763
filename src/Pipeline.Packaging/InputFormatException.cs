using Pipeline.IO;

namespace Pipeline.Packaging;

/// <summary>
/// Bad input in a packaging file (requirements, locks, pyproject ...): the message is ONE line naming <c>file:line</c>
/// and what was expected, so a build summary can show it as is. Libraries that read more formats derive from it.
/// </summary>
public class InputFormatException : FormatException
{
    /// <summary>Creates the error; <paramref name="line"/> is 1-based, 0 when the position is not known.</summary>
    public InputFormatException(string file, int line, string problem, Exception? inner = null)
        : base(line > 0 ? $"{file}:{line}: {ErrorText.OneLine(problem)}" : $"{file}: {ErrorText.OneLine(problem)}", inner)
    {
        File = file;
        Line = line;
        Problem = ErrorText.OneLine(problem);
    }

    /// <summary>The file that holds the bad input.</summary>
    public string File { get; }

    /// <summary>1-based line of the bad input, 0 when unknown (e.g. a value inside a parsed TOML model).</summary>
    public int Line { get; }

    /// <summary>What was wrong and what was expected, without the position prefix.</summary>
    public string Problem { get; }
}
