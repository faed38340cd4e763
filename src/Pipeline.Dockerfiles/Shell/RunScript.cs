using Pipeline.Dockerfiles.Syntax;

namespace Pipeline.Dockerfiles.Shell;

/// <summary>
/// The shell commands a RUN instruction executes, with a map from script positions back to the
/// instruction's raw text. A RUN has one script for its line and, when the line only feeds a heredoc
/// to a shell (<c>RUN &lt;&lt;EOF</c>, <c>RUN bash &lt;&lt;EOF</c>), one per heredoc body. Heredocs fed to other
/// programs (<c>cat &gt; file &lt;&lt;EOF</c>, <c>python3 &lt;&lt;EOF</c>) are data, not commands.
/// </summary>
/// <param name="Instruction">The RUN instruction.</param>
/// <param name="Commands">The simple commands, in order.</param>
/// <param name="Heredoc">The heredoc whose body is this script, or null for the instruction line.</param>
/// <param name="RawStart">Raw offset of a script index, or null when the words cannot be edited in place (exec form).</param>
/// <param name="RawEnd">Raw offset just after a script range ending at an index.</param>
public sealed record RunScript(
    Instruction Instruction,
    IReadOnlyList<ShellCommand> Commands,
    Heredoc? Heredoc,
    Func<int, int>? RawStart,
    Func<int, int>? RawEnd)
{
    private static readonly HashSet<string> Shells = ["sh", "bash", "dash", "ash", "zsh"];

    /// <summary>The scripts of a RUN instruction (empty for other instructions).</summary>
    public static IReadOnlyList<RunScript> Of(Instruction instruction)
    {
        if (instruction.Command != "RUN")
            return [];
        if (instruction.IsJsonForm)
        {
            var words = instruction.Arguments.Select(a => new ShellWord(a, -1, -1, false)).ToList();
            return [new RunScript(instruction, [new ShellCommand(words, "")], null, null, null)];
        }
        var start = instruction.ArgumentsStart;
        var logical = instruction.Logical;
        var commands = ShellScriptParser.Parse(logical.Text[start..]);
        var scripts = new List<RunScript> { new(instruction, commands, null, p => logical.ToRaw(start + p), p => logical.ToRawEnd(start + p)) };
        if (instruction.Heredocs.Count > 0 && FeedsShell(commands))
        {
            foreach (var heredoc in instruction.Heredocs.Take(1))
            {
                var shebang = heredoc.Content.Split('\n')[0].TrimEnd('\r');
                if (shebang.StartsWith("#!", StringComparison.Ordinal) && !Shells.Contains(Path.GetFileName(shebang.Split(' ')[^1])))
                    continue; // e.g. #!/usr/bin/env python3: the body is not shell

                var offset = heredoc.ContentOffset;
                scripts.Add(new RunScript(instruction, ShellScriptParser.Parse(heredoc.Content), heredoc, p => offset + p, p => offset + p));
            }
        }
        return scripts;
    }

    private static bool FeedsShell(IReadOnlyList<ShellCommand> commands) =>
        commands.Count == 0
        || (commands.Count == 1 && commands[0].Arguments.Count > 0 && Shells.Contains(Path.GetFileName(commands[0].Arguments[0].Value))
            && !commands[0].Arguments.Any(w => w.Value == "-c"));
}
