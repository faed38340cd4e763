using System.Text.RegularExpressions;
using Pipeline.Dockerfiles.Shell;

namespace Pipeline.Dockerfiles.Pip;

/// <summary>Recognises <c>pip install</c> commands among parsed shell commands.</summary>
internal static partial class PipInvocationFinder
{
    private static readonly Dictionary<string, string> ShortNames = new(StringComparer.Ordinal)
    {
        ["-r"] = "--requirement", ["-c"] = "--constraint", ["-i"] = "--index-url", ["-e"] = "--editable",
        ["-t"] = "--target", ["-f"] = "--find-links", ["-U"] = "--upgrade", ["-I"] = "--ignore-installed",
        ["-C"] = "--config-settings", ["-q"] = "--quiet", ["-v"] = "--verbose", ["-b"] = "--build",
    };

    // Options of `pip install` and pip's general options that take a value.
    private static readonly HashSet<string> WithValue =
    [
        "--requirement", "--constraint", "--index-url", "--extra-index-url", "--editable", "--target", "--find-links",
        "--config-settings", "--trusted-host", "--prefix", "--root", "--timeout", "--retries", "--cache-dir",
        "--platform", "--python-version", "--implementation", "--abi", "--progress-bar", "--src", "--upgrade-strategy",
        "--global-option", "--no-binary", "--only-binary", "--proxy", "--cert", "--client-cert", "--exists-action",
        "--log", "--log-file", "--report", "--python", "--keyring-provider", "--root-user-action", "--build",
        "--install-option", "--use-feature", "--use-deprecated", "--resume-retries",
    ];

    private static readonly HashSet<string> Wrappers = ["sudo", "exec", "command", "time", "nice", "nohup", "env"];
    private static readonly HashSet<string> EnvironmentRunners = ["micromamba", "mamba", "conda"];

    /// <summary>
    /// Every <c>pip install</c> among <paramref name="commands"/> and the commands they run through <c>eval</c> or
    /// <c>sh -c</c> (<see cref="NestedCommands"/>), in order.
    /// </summary>
    public static IReadOnlyList<PipInvocation> FindAll(IEnumerable<ShellCommand> commands) =>
        NestedCommands.Expand(commands).Select(Find).OfType<PipInvocation>().ToList();

    /// <summary>The <c>pip install</c> run by <paramref name="command"/>, or null if it runs something else.</summary>
    public static PipInvocation? Find(ShellCommand command)
    {
        var words = command.Arguments;
        var i = 0;
        while (i < words.Count && Wrappers.Contains(Path.GetFileName(words[i].Value)))
        {
            i++;
            while (i < words.Count && (words[i].Value.StartsWith('-') || words[i].Value.Contains('=')))
                i++;
        }
        if (i >= words.Count)
            return null;
        var launcherStart = i;
        // `micromamba run -n base pip install`: the runner belongs to the launcher, so a step added next to it uses the same pip.
        while (i + 1 < words.Count && EnvironmentRunners.Contains(Path.GetFileName(words[i].Value)) && words[i + 1].Value == "run")
        {
            i += 2;
            while (i < words.Count && words[i].Value.StartsWith('-'))
                i += words[i].Value is "-n" or "--name" or "-p" or "--prefix" or "-r" or "--root-prefix" or "--cwd" or "-a" or "--attach" ? 2 : 1;
        }
        if (i >= words.Count)
            return null;
        var program = Path.GetFileName(words[i].Value);
        if (PipProgram().IsMatch(program))
        {
            i++;
        }
        else if (PythonProgram().IsMatch(program))
        {
            i++;
            while (i < words.Count && words[i].Value.StartsWith('-') && words[i].Value is not "-m" and not "-mpip")
                i += words[i].Value is "-W" or "-X" ? 2 : 1;
            if (i < words.Count && words[i].Value == "-mpip")
                i++;
            else if (i + 1 < words.Count && words[i].Value == "-m" && words[i + 1].Value == "pip")
                i += 2;
            else
                return null;
        }
        else
        {
            return null;
        }
        var launcher = words.Skip(launcherStart).Take(i - launcherStart).ToList();

        var options = new List<PipOption>();
        ShellWord? install = null;
        var specs = new List<ShellWord>();
        while (i < words.Count)
        {
            var word = words[i];
            if (word.Value.StartsWith('-') && word.Value.Length > 1)
            {
                i += ReadOption(words, i, options);
                continue;
            }
            if (install is null)
            {
                if (word.Value != "install")
                    return null;
                install = word;
            }
            else
            {
                specs.Add(word);
            }
            i++;
        }
        return install is null ? null : new PipInvocation(command, launcher, install, options, specs);
    }

    private static int ReadOption(IReadOnlyList<ShellWord> words, int i, List<PipOption> options)
    {
        var text = words[i].Value;
        if (text.StartsWith("--", StringComparison.Ordinal))
        {
            var equals = text.IndexOf('=');
            if (equals > 0)
            {
                options.Add(new PipOption(text[..equals], text[(equals + 1)..], [words[i]]));
                return 1;
            }
            if (WithValue.Contains(text) && i + 1 < words.Count)
            {
                options.Add(new PipOption(text, words[i + 1].Value, [words[i], words[i + 1]]));
                return 2;
            }
            options.Add(new PipOption(text, null, [words[i]]));
            return 1;
        }
        var shortName = text[..2];
        var name = ShortNames.GetValueOrDefault(shortName, shortName);
        if (!WithValue.Contains(name))
        {
            options.Add(new PipOption(name, null, [words[i]]));
            return 1;
        }
        if (text.Length > 2)
        {
            options.Add(new PipOption(name, text[2..], [words[i]]));
            return 1;
        }
        if (i + 1 < words.Count)
        {
            options.Add(new PipOption(name, words[i + 1].Value, [words[i], words[i + 1]]));
            return 2;
        }
        options.Add(new PipOption(name, null, [words[i]]));
        return 1;
    }

    [GeneratedRegex(@"^pip(\d+(\.\d+)?)?$")]
    private static partial Regex PipProgram();

    [GeneratedRegex(@"^python(\d+(\.\d+)?)?$")]
    private static partial Regex PythonProgram();
}
