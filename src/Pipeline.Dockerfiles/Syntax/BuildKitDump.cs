namespace Pipeline.Dockerfiles.Syntax;

/// <summary>Renders an instruction as BuildKit's <c>Node.Dump()</c> does: <c>(run ["--flag"] "arg" ...)</c>.</summary>
internal static class BuildKitDump
{
    /// <summary>The dump of one instruction, without a trailing newline.</summary>
    public static string Render(Instruction instruction)
    {
        var text = instruction.Keyword.ToLowerInvariant();
        if (instruction.Flags.Count > 0)
            text += " [" + string.Join(" ", instruction.Flags.Select(GoQuote.Quote)) + "]";
        if (instruction.Inner is not null)
            text += " (" + Render(instruction.Inner) + ")";
        foreach (var argument in instruction.Arguments)
            text += " " + GoQuote.Quote(argument);
        return text.Trim();
    }
}
