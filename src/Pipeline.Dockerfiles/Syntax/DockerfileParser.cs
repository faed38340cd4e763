namespace Pipeline.Dockerfiles.Syntax;

/// <summary>
/// Parses a Dockerfile the way BuildKit's <c>parser.Parse</c> does, but keeps every byte: the result is a
/// list of segments (instructions and trivia lines) whose raw texts concatenate to the input.
/// </summary>
public static class DockerfileParser
{
    /// <summary>Parses <paramref name="text"/>; <paramref name="fileName"/> is used in error messages.</summary>
    /// <exception cref="DockerfileParseException">The file is not a valid Dockerfile.</exception>
    public static DockerfileDocument Parse(string text, string fileName = "Dockerfile")
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = PhysicalLine.Split(text);
        var directives = new ParserDirectives();
        var segments = new List<DockerfileSegment>();
        var i = 0;
        while (i < lines.Count)
        {
            var first = lines[i];
            var bom = i == 0 && first.Text.StartsWith('\uFEFF') ? 1 : 0;
            var content = first.Content[bom..];
            var leading = content.Length - content.TrimStart().Length;
            var trimmed = content[leading..];
            Check(directives.Accept(trimmed), fileName, first.Number);
            if (IsComment(trimmed) || trimmed.Length == 0)
            {
                segments.Add(new TriviaSegment(first.Number, first.Text));
                i++;
                continue;
            }

            var logical = new LogicalLine();
            var (piece, endOfLine) = TrimContinuation(trimmed, directives.EscapeToken);
            logical.Append(text, first.Offset + bom + leading, piece.Length, bom + leading);
            var last = i;
            while (!endOfLine && last + 1 < lines.Count)
            {
                last++;
                var next = lines[last];
                var nextContent = next.Content;
                Check(directives.Accept(nextContent), fileName, next.Number);
                if (IsComment(nextContent.TrimStart()) || nextContent.Trim().Length == 0)
                    continue;
                (piece, endOfLine) = TrimContinuation(nextContent, directives.EscapeToken);
                logical.Append(text, next.Offset, piece.Length, next.Offset - first.Offset);
            }

            var instruction = BuildInstruction(logical, RawOf(lines, i, last), first.Number, lines[last].Number, directives.EscapeToken, fileName)
                with { ContinuesAtEndOfFile = !endOfLine };
            var heredocTarget = instruction.Inner ?? instruction;
            if (heredocTarget.Command is "RUN" or "COPY" or "ADD" && !heredocTarget.IsJsonForm && logical.Text.Contains("<<", StringComparison.Ordinal))
            {
                var heredocs = new List<Heredoc>();
                foreach (var opener in HeredocWords.Find(logical.Text))
                {
                    var bodyStart = last + 1;
                    var terminated = false;
                    while (last + 1 < lines.Count)
                    {
                        last++;
                        var candidate = lines[last].Content;
                        if (opener.Chomp)
                            candidate = candidate.TrimStart('\t');
                        if (candidate == opener.Name)
                        {
                            terminated = true;
                            break;
                        }
                    }
                    if (!terminated)
                        throw new DockerfileParseException(fileName, first.Number, $"unterminated heredoc: expected a line `{opener.Name}` before the end of the file");
                    var body = string.Concat(lines.Skip(bodyStart).Take(last - bodyStart).Select(l => l.Text));
                    var offset = bodyStart < lines.Count ? lines[bodyStart].Offset - first.Offset : 0;
                    heredocs.Add(new Heredoc(opener.Name, opener.Expand, opener.Chomp, opener.FileDescriptor, body, offset, bodyStart + 1));
                }
                instruction = instruction with { Raw = RawOf(lines, i, last), Heredocs = heredocs, EndLine = lines[last].Number };
            }
            segments.Add(instruction);
            i = last + 1;
        }

        if (!segments.OfType<Instruction>().Any())
            throw new DockerfileParseException(fileName, Math.Max(1, lines.Count), "file with no instructions: expected at least one instruction such as FROM");
        // After the whole file parsed, as BuildKit does: its parser errors come first, then the instruction checks in file order.
        foreach (var instruction in segments.OfType<Instruction>())
            InstructionRules.Check(instruction, fileName);
        return new DockerfileDocument(fileName, directives, segments);
    }

    private static Instruction BuildInstruction(LogicalLine logical, string raw, int startLine, int endLine, char escape, string fileName)
    {
        try
        {
            return ParseInstruction(logical, raw, startLine, endLine, escape, fileName);
        }
        catch (InstructionArguments.Problem problem)
        {
            throw new DockerfileParseException(fileName, startLine, problem.Message);
        }
    }

    private static Instruction ParseInstruction(LogicalLine logical, string raw, int startLine, int endLine, char escape, string fileName)
    {
        var text = logical.Text;
        var lead = text.Length - text.TrimStart().Length;
        var keywordEnd = lead;
        while (keywordEnd < text.Length && !IsSplitSpace(text[keywordEnd]))
            keywordEnd++;
        var keyword = text[lead..keywordEnd].TrimEnd();
        var afterSpace = keywordEnd;
        while (afterSpace < text.Length && IsSplitSpace(text[afterSpace]))
            afterSpace++;

        IReadOnlyList<string> flags = [];
        var flagSpans = new List<(int Start, int End)>();
        var argumentsStart = text.Length;
        var rest = "";
        if (afterSpace < text.TrimEnd().Length)
        {
            var (found, restStart) = InstructionArguments.ExtractFlags(text[afterSpace..], flagSpans);
            flags = found;
            for (var f = 0; f < flagSpans.Count; f++)
                flagSpans[f] = (flagSpans[f].Start + afterSpace, flagSpans[f].End + afterSpace);
            argumentsStart = afterSpace + restStart;
            while (argumentsStart < text.Length && char.IsWhiteSpace(text[argumentsStart]))
                argumentsStart++;
            rest = text[argumentsStart..].TrimEnd();
        }

        var parsed = InstructionArguments.Parse(keyword, rest, escape, inner =>
        {
            var innerLine = new LogicalLine();
            innerLine.Append(inner, 0, inner.Length, 0);
            return ParseInstruction(innerLine, inner, startLine, endLine, escape, fileName);
        });
        return new Instruction(startLine, raw)
        {
            Keyword = keyword,
            Flags = flags,
            FlagSpans = flagSpans,
            Arguments = parsed.Arguments,
            IsJsonForm = parsed.IsJson,
            Inner = parsed.Inner,
            Heredocs = [],
            EndLine = endLine,
            Logical = logical,
            KeywordEnd = keywordEnd,
            ArgumentsStart = argumentsStart,
        };
    }

    // BuildKit's reWhitespace splits the keyword from the rest on [\t\v\f\r ].
    private static bool IsSplitSpace(char c) => c is ' ' or '\t' or '\v' or '\f' or '\r';

    private static bool IsComment(string leftTrimmed) => leftTrimmed.StartsWith('#');

    /// <summary>
    /// BuildKit's line-continuation rule: the escape token at the end of the line (trailing blanks allowed)
    /// continues it, unless the token itself is escaped. Returns the text without the token.
    /// </summary>
    internal static (string Text, bool EndOfLine) TrimContinuation(string line, char escape)
    {
        var end = line.Length;
        while (end > 0 && line[end - 1] is ' ' or '\t')
            end--;
        if (end == 0 || line[end - 1] != escape)
            return (line, true);
        if (end >= 2 && line[end - 2] == escape)
            return (line, true);
        return (line[..(end - 1)], false);
    }

    private static string RawOf(IReadOnlyList<PhysicalLine> lines, int first, int last) =>
        string.Concat(lines.Skip(first).Take(last - first + 1).Select(l => l.Text));

    private static void Check(string? problem, string fileName, int line)
    {
        if (problem is not null)
            throw new DockerfileParseException(fileName, line, problem);
    }
}
