using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Python.Index.Tests.Support;

/// <summary>
/// A POSIX sh script of named steps for one container run: every step runs even when an earlier one
/// failed, and prints <c>@@step NAME exit=N</c> so a test can assert on each step's exit code.
/// </summary>
public sealed partial class ShellScript
{
    private readonly List<string> _lines = ["step() { name=$1; shift; \"$@\"; echo \"@@step $name exit=$?\"; }"];

    /// <summary>Writes <paramref name="lines"/> to <paramref name="path"/> inside the container (printf, no mounts).</summary>
    public ShellScript WriteFile(string path, IEnumerable<string> lines)
    {
        _lines.Add($"printf '%s\\n' {string.Join(' ', lines.Select(Quote))} > {Quote(path)}");
        return this;
    }

    /// <summary>Adds a step: <paramref name="command"/> is the program and its arguments, each quoted for sh.</summary>
    public ShellScript Step(string name, params string[] command)
    {
        if (!StepName().IsMatch(name))
            throw new ArgumentException($"Step name '{name}' must be letters, digits or '-'", nameof(name));
        _lines.Add($"step {name} {string.Join(' ', command.Select(Quote))}");
        return this;
    }

    /// <summary>The script text, for <c>sh -c</c>.</summary>
    public override string ToString() => string.Join('\n', _lines) + "\n";

    /// <summary>Each step's exit code, read from the <c>@@step</c> lines of the script's standard output.</summary>
    public static IReadOnlyDictionary<string, int> ExitCodes(string standardOutput) =>
        StepLine().Matches(standardOutput).ToDictionary(
            m => m.Groups["name"].Value,
            m => int.Parse(m.Groups["exit"].Value, CultureInfo.InvariantCulture));

    /// <summary>Single-quotes <paramref name="word"/> for sh (a quote inside becomes <c>'\''</c>).</summary>
    public static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex("^[A-Za-z0-9-]+$")]
    private static partial Regex StepName();

    [GeneratedRegex(@"^@@step (?<name>[A-Za-z0-9-]+) exit=(?<exit>\d+)$", RegexOptions.Multiline)]
    private static partial Regex StepLine();
}
