namespace Pipeline.Dockerfiles.Syntax;

/// <summary>One piece of a Dockerfile kept byte for byte: an instruction or a line of trivia.</summary>
/// <param name="StartLine">1-based first line.</param>
/// <param name="Raw">The exact source text, line terminators included.</param>
public abstract record DockerfileSegment(int StartLine, string Raw);

/// <summary>A comment, a parser directive or a blank line between instructions.</summary>
internal sealed record TriviaSegment(int StartLine, string Raw) : DockerfileSegment(StartLine, Raw);

/// <summary>
/// A parsed instruction with BuildKit's view of it (keyword, <c>--flags</c>, arguments, JSON form,
/// heredocs) and its raw text (continuations, inner comments and heredoc bodies included).
/// </summary>
public sealed record Instruction(int StartLine, string Raw) : DockerfileSegment(StartLine, Raw)
{
    /// <summary>The keyword as written (for example <c>run</c> or <c>RUN</c>).</summary>
    public required string Keyword { get; init; }

    /// <summary>The keyword in upper case, for comparisons.</summary>
    public string Command => Keyword.ToUpperInvariant();

    /// <summary>Builder flags such as <c>--mount=type=cache,target=/root/.cache/pip</c> or <c>--from=builder</c>.</summary>
    public required IReadOnlyList<string> Flags { get; init; }

    /// <summary>Where each of <see cref="Flags"/> is written: <c>[Start, End)</c> in <see cref="LogicalLine.Text"/> (flags on continuation lines included).</summary>
    public IReadOnlyList<(int Start, int End)> FlagSpans { get; init; } = [];

    /// <summary>Arguments as BuildKit splits them for this keyword (ENV/LABEL: name, value, separator triples).</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>True for the exec (JSON array) form.</summary>
    public required bool IsJsonForm { get; init; }

    /// <summary>The instruction carried by ONBUILD, otherwise null.</summary>
    public Instruction? Inner { get; init; }

    /// <summary>Here-documents following the instruction line (RUN, COPY and ADD only).</summary>
    public required IReadOnlyList<Heredoc> Heredocs { get; init; }

    /// <summary>1-based last line, heredoc bodies included.</summary>
    public required int EndLine { get; init; }

    /// <summary>
    /// True when the file ends while the instruction is still continued (its last line ends with the escape
    /// character): a line appended after it would join it, unless that escape is dropped first.
    /// </summary>
    public bool ContinuesAtEndOfFile { get; init; }

    /// <summary>The joined instruction line (without heredoc bodies), mapped back to <see cref="DockerfileSegment.Raw"/>.</summary>
    public required LogicalLine Logical { get; init; }

    /// <summary>Index in <see cref="LogicalLine.Text"/> just after the keyword: where new flags are inserted.</summary>
    public required int KeywordEnd { get; init; }

    /// <summary>Index in <see cref="LogicalLine.Text"/> where the arguments (after the flags) start.</summary>
    public required int ArgumentsStart { get; init; }

    /// <summary>The argument text after the flags (for shell-form RUN: the shell command).</summary>
    public string ArgumentText => Logical.Text[ArgumentsStart..].TrimEnd();

    /// <summary>ENV/LABEL pairs (name, value as written). Empty for other keywords.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> KeyValues =>
        Command is "ENV" or "LABEL"
            ? Enumerable.Range(0, Arguments.Count / 3).Select(i => KeyValuePair.Create(Arguments[i * 3], Arguments[i * 3 + 1])).ToList()
            : [];

    /// <summary>Values of <c>--name=value</c> flags with the given name.</summary>
    public IEnumerable<string> FlagValues(string name) =>
        Flags.Where(f => f.StartsWith("--" + name + "=", StringComparison.Ordinal)).Select(f => f[(name.Length + 3)..]);
}
