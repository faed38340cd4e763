using Pipeline.Packaging;
using Pipeline.Python.Markers;

namespace Pipeline.Python.Locks;

/// <summary>
/// Reads a requirements file for locks and audits: Pipeline.Packaging's parser in strict mode, then every environment
/// marker checked with this library's PEP 508 marker parser (the packaging vocabulary does not evaluate markers).
/// </summary>
public static class RequirementsReader
{
    /// <summary>Parses <paramref name="text"/> read from <paramref name="path"/>.</summary>
    /// <exception cref="PythonInputException">The first bad line or marker, as <c>file:line: what was expected</c>.</exception>
    public static RequirementsFile Read(string text, string path)
    {
        RequirementsFile file;
        try
        {
            file = RequirementsParser.Parse(text, path, RequirementsMode.Strict);
        }
        catch (InputFormatException e)
        {
            throw new PythonInputException(e.File, e.Line, e.Problem, e);
        }
        foreach (var requirement in file.Requirements.Where(r => r.Marker is not null))
        {
            try
            {
                MarkerParser.Parse(requirement.Marker!);
            }
            catch (MarkerSyntaxException e)
            {
                throw new PythonInputException(path, requirement.Line, e.Message, e);
            }
        }
        return file;
    }
}
