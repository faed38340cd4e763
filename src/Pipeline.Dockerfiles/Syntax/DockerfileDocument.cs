namespace Pipeline.Dockerfiles.Syntax;

/// <summary>
/// A parsed Dockerfile: an ordered list of segments that together hold every byte of the file, plus
/// BuildKit's view of each instruction and the build stages they form.
/// </summary>
public sealed class DockerfileDocument
{
    internal DockerfileDocument(string fileName, ParserDirectives directives, IReadOnlyList<DockerfileSegment> segments)
    {
        FileName = fileName;
        Directives = directives;
        Segments = segments;
        Instructions = segments.OfType<Instruction>().ToList();
        Stages = BuildStage.Split(Instructions);
    }

    /// <summary>The name used in error messages.</summary>
    public string FileName { get; }

    /// <summary>Parser directives from the top of the file.</summary>
    public ParserDirectives Directives { get; }

    /// <summary>Instructions and trivia lines in file order.</summary>
    public IReadOnlyList<DockerfileSegment> Segments { get; }

    /// <summary>Only the instructions, in file order.</summary>
    public IReadOnlyList<Instruction> Instructions { get; }

    /// <summary>The build stages (one per FROM).</summary>
    public IReadOnlyList<BuildStage> Stages { get; }

    /// <summary>The line terminator most lines use (<c>\r\n</c> or <c>\n</c>), for inserted lines.</summary>
    public string LineEnding
    {
        get
        {
            var crlf = Segments.Sum(s => CountOf(s.Raw, "\r\n"));
            var lf = Segments.Sum(s => CountOf(s.Raw, "\n")) - crlf;
            return crlf > lf ? "\r\n" : "\n";
        }
    }

    /// <summary>The file text: every segment's raw text, concatenated. Identical to the parsed input.</summary>
    public string ToText() => string.Concat(Segments.Select(s => s.Raw));

    /// <summary>BuildKit's AST dump (the conformance suite's <c>result</c> format), one line per instruction.</summary>
    public string ToBuildKitDump() => string.Concat(Instructions.Select(i => "(" + BuildKitDump.Render(i) + ")\n"));

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
