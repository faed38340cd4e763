namespace Pipeline.Dockerfiles.Shell;

/// <summary>
/// The commands a shell command runs itself: the script of <c>eval ...</c> and of <c>sh -c '...'</c>
/// (<c>bash</c>, <c>dash</c>, <c>ash</c>, <c>zsh</c> too). Nested commands are parsed from the word values, so
/// their words have no place in the file (<see cref="ShellWord.Start"/> is -1): they can be read, not edited.
/// </summary>
internal static class NestedCommands
{
    private static readonly HashSet<string> Shells = ["sh", "bash", "dash", "ash", "zsh"];

    /// <summary>
    /// <paramref name="commands"/> in order, each followed by the commands it runs through <c>eval</c> or
    /// <c>sh -c</c> (recursively, a few levels deep). Commands of the script itself keep their positions.
    /// </summary>
    public static IEnumerable<ShellCommand> Expand(IEnumerable<ShellCommand> commands) => Expand(commands, 0);

    private static IEnumerable<ShellCommand> Expand(IEnumerable<ShellCommand> commands, int depth)
    {
        foreach (var command in commands)
        {
            yield return command;
            if (depth >= 4 || Script(command) is not { } script)
                continue;
            var nested = ShellScriptParser.Parse(script)
                .Select(c => c with { Words = c.Words.Select(w => w with { Start = -1, End = -1 }).ToList() });
            foreach (var inner in Expand(nested, depth + 1))
                yield return inner;
        }
    }

    private static string? Script(ShellCommand command)
    {
        var words = command.Arguments;
        if (words.Count < 2)
            return null;
        var program = Path.GetFileName(words[0].Value);
        if (program == "eval")
            return string.Join(" ", words.Skip(1).Select(w => w.Value));
        if (!Shells.Contains(program))
            return null;
        // sh [-e -x -o pipefail ...] -c 'script' [name args...]: the script is the word after -c (or after -ec, -xc).
        for (var i = 1; i < words.Count - 1; i++)
        {
            var word = words[i].Value;
            if (!word.StartsWith('-') || word.StartsWith("--", StringComparison.Ordinal))
                return null;
            if (word.Contains('c'))
                return words[i + 1].Value;
            if (word == "-o")
                i++;
        }
        return null;
    }
}
