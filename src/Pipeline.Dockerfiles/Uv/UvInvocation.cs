using System.Text.RegularExpressions;
using Pipeline.Dockerfiles.Shell;

namespace Pipeline.Dockerfiles.Uv;

/// <summary>A uv command that downloads packages: <c>uv pip install</c>, <c>uv pip sync</c>, <c>uv sync</c>, <c>uv add</c>, <c>uv tool install</c>.</summary>
/// <param name="Command">The simple command that runs uv (its words have no file position when it came from <c>eval</c> or <c>sh -c</c>).</param>
/// <param name="Subcommand">The subcommand as words: <c>pip install</c>, <c>sync</c>, <c>tool install</c>...</param>
/// <param name="Options">The option words after <c>uv</c> (global and subcommand options alike).</param>
internal sealed record UvInvocation(ShellCommand Command, string Subcommand, IReadOnlyList<ShellWord> Options)
{
    /// <summary>True when the words sit in the file and can be edited in place.</summary>
    public bool IsEditable => Command.Words.All(w => w.Start >= 0);

    /// <summary>The option words with this name (<c>--no-cache</c>).</summary>
    public IEnumerable<ShellWord> Option(string name) => Options.Where(o => o.Value == name);
}

/// <summary>
/// Finds uv among shell commands the way pip is found: after <c>&amp;&amp;</c>/<c>;</c>, inside <c>eval</c> and <c>sh -c</c>,
/// behind wrappers (<c>env</c>, <c>sudo</c>, <c>time</c>...), behind <c>micromamba run</c>/<c>conda run</c>/<c>mamba run</c>,
/// as <c>uv</c>, any path to it, or <c>python -m uv</c>.
/// </summary>
internal static partial class UvInvocationFinder
{
    private static readonly HashSet<string> Wrappers = ["sudo", "exec", "command", "time", "nice", "nohup", "env"];
    private static readonly HashSet<string> EnvironmentRunners = ["micromamba", "mamba", "conda"];

    // uv options that take a separate value (global and of the subcommands found here).
    private static readonly HashSet<string> WithValue =
    [
        "--cache-dir", "--directory", "--project", "--config-file", "--python", "-p", "--color", "--index-url", "-i",
        "--extra-index-url", "--index", "--default-index", "--find-links", "-f", "--index-strategy", "--keyring-provider",
        "--resolution", "--prerelease", "--link-mode", "--extra", "--group", "--no-group", "--only-group", "--package",
        "--requirement", "-r", "--constraint", "-c", "--override", "--target", "--prefix", "--python-platform",
        "--python-version", "--exclude-newer", "--refresh-package", "--reinstall-package", "--upgrade-package", "-P",
        "--no-binary-package", "--no-build-package", "--config-setting", "-C", "--with", "--with-requirements",
        "--with-editable", "--from", "--compile-bytecode-timeout", "--allow-insecure-host", "--trusted-host",
        "--optional", "--branch", "--tag", "--rev", "--marker", "--script",
    ];

    private static readonly string[] Subcommands = ["pip install", "pip sync", "sync", "add", "tool install"];

    /// <summary>Every downloading uv command among <paramref name="commands"/> and the commands they run, in order.</summary>
    public static IReadOnlyList<UvInvocation> FindAll(IEnumerable<ShellCommand> commands) =>
        NestedCommands.Expand(commands).Select(Find).OfType<UvInvocation>().ToList();

    /// <summary>The downloading uv command <paramref name="command"/> runs, or null.</summary>
    public static UvInvocation? Find(ShellCommand command)
    {
        var words = command.Arguments;
        var i = SkipPrefixes(words);
        if (i >= words.Count)
            return null;
        var program = Path.GetFileName(words[i].Value);
        if (program == "uv")
        {
            i++;
        }
        else if (PythonProgram().IsMatch(program) && i + 2 < words.Count && words[i + 1].Value == "-m" && words[i + 2].Value == "uv")
        {
            i += 3;
        }
        else
        {
            return null;
        }

        var options = new List<ShellWord>();
        var verbs = new List<string>();
        for (; i < words.Count; i++)
        {
            var value = words[i].Value;
            if (value.StartsWith('-') && value.Length > 1)
            {
                options.Add(words[i]);
                if (WithValue.Contains(value) && i + 1 < words.Count)
                    options.Add(words[++i]);
                continue;
            }
            if (verbs.Count < 2 && (verbs.Count == 0 || verbs[0] is "pip" or "tool"))
                verbs.Add(value);
        }
        var subcommand = string.Join(" ", verbs);
        return Subcommands.Contains(subcommand) ? new UvInvocation(command, subcommand, options) : null;
    }

    // Wrappers and environment runners before the program: `env A=1 sudo -E micromamba run -n base uv sync`.
    private static int SkipPrefixes(IReadOnlyList<ShellWord> words)
    {
        var i = 0;
        while (i < words.Count)
        {
            var program = Path.GetFileName(words[i].Value);
            if (Wrappers.Contains(program))
            {
                i++;
                while (i < words.Count && (words[i].Value.StartsWith('-') || words[i].Value.Contains('=')))
                    i++;
                continue;
            }
            if (EnvironmentRunners.Contains(program) && i + 1 < words.Count && words[i + 1].Value == "run")
            {
                i += 2;
                while (i < words.Count && words[i].Value.StartsWith('-'))
                    i += words[i].Value is "-n" or "--name" or "-p" or "--prefix" or "-r" or "--root-prefix" or "--cwd" or "-a" or "--attach" ? 2 : 1;
                continue;
            }
            return i;
        }
        return i;
    }

    [GeneratedRegex(@"^python(\d+(\.\d+)?)?$")]
    private static partial Regex PythonProgram();
}
