using System.Text.RegularExpressions;

namespace Pipeline.BaseImages.Planning;

/// <summary>Reads the version from <c>python3 --version</c> output (<c>Python 3.11.2</c>).</summary>
internal static partial class PythonVersionParser
{
    /// <summary>The dotted version, or <see langword="null"/> when the text is not a Python version banner.</summary>
    public static string? Parse(string output)
    {
        var match = VersionPattern().Match(output);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>The <c>PYTHON_VERSION</c> value from an image's environment (registry images set it).</summary>
    public static string? FromEnvironment(IEnumerable<string>? env) =>
        env?.Select(e => e.Split('=', 2)).FirstOrDefault(kv => kv.Length == 2 && kv[0] == "PYTHON_VERSION")?[1];

    [GeneratedRegex(@"^Python (\d+\.\d+(?:\.\d+)?(?:[a-z]+\d*)?)", RegexOptions.Multiline)]
    private static partial Regex VersionPattern();
}
