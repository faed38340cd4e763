namespace Pipeline.Dockerfiles.Shell;

/// <summary>
/// A simple command: the words between two control operators, redirections removed.
/// <see cref="Operator"/> is what follows it (<c>&amp;&amp;</c>, <c>||</c>, <c>;</c>, <c>|</c>, <c>&amp;</c>, newline, or empty at the end).
/// </summary>
/// <param name="Words">Words in order, leading <c>NAME=value</c> assignments included.</param>
/// <param name="Operator">The control operator that ends the command.</param>
public sealed record ShellCommand(IReadOnlyList<ShellWord> Words, string Operator)
{
    /// <summary>Number of leading <c>NAME=value</c> assignment words.</summary>
    public int AssignmentCount => Words.TakeWhile(w => IsAssignment(w)).Count();

    /// <summary>The words after the leading assignments.</summary>
    public IReadOnlyList<ShellWord> Arguments => Words.Skip(AssignmentCount).ToList();

    private static bool IsAssignment(ShellWord word)
    {
        var equals = word.Value.IndexOf('=');
        if (equals <= 0)
            return false;
        var name = word.Value[..equals];
        return (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
    }
}
