using System.Text;
using System.Text.RegularExpressions;

namespace Pipeline.Dockerfiles.Syntax;

/// <summary>
/// The checks BuildKit makes when it turns parsed lines into instructions (<c>instructions.Parse</c>) that decide
/// whether a file builds at all: every keyword is one it knows, ONBUILD carries an allowed trigger, FROM has one or
/// three arguments. BuildKit's parser alone keeps an unknown word as an instruction; the build then stops with
/// <c>unknown instruction</c>, so a comment line that lost its <c>#</c> must fail here, not be edited.
/// </summary>
internal static partial class InstructionRules
{
    /// <summary>The instruction keywords BuildKit's dockerfile frontend knows (compared case-insensitively).</summary>
    public static IReadOnlySet<string> Keywords { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER",
        "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
    };

    /// <summary>Throws when BuildKit would refuse <paramref name="instruction"/>.</summary>
    /// <exception cref="DockerfileParseException">An unknown keyword, a forbidden ONBUILD trigger or a malformed FROM.</exception>
    public static void Check(Instruction instruction, string fileName)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        var problem = ProblemOf(instruction, nested: false);
        if (problem is not null)
            throw new DockerfileParseException(fileName, instruction.StartLine, problem);
    }

    private static string? ProblemOf(Instruction instruction, bool nested)
    {
        if (!Keywords.Contains(instruction.Keyword))
            return $"unknown instruction '{Printable(instruction.Keyword)}' (expected an instruction such as RUN or COPY; a comment line starts with #)";
        switch (instruction.Command)
        {
            case "ONBUILD" when nested:
                return "ONBUILD ONBUILD isn't allowed (expected another instruction after ONBUILD)";
            case "FROM" when nested:
                return "FROM isn't allowed as an ONBUILD trigger";
            case "MAINTAINER" when nested:
                return "MAINTAINER isn't allowed as an ONBUILD trigger";
            case "ONBUILD":
                return instruction.Inner is null
                    ? "ONBUILD requires at least one argument (expected `ONBUILD <instruction>`)"
                    : ProblemOf(instruction.Inner, nested: true);
            case "FROM":
                var args = instruction.Arguments;
                if (args.Count == 3 && args[1].Equals("AS", StringComparison.OrdinalIgnoreCase))
                    return StageName().IsMatch(args[2].ToLowerInvariant()) ? null
                        : $"invalid name for build stage: '{Printable(args[2])}', name can't start with a number or contain symbols";
                return args.Count == 1 ? null : "FROM requires either one or three arguments (expected `FROM image` or `FROM image AS name`)";
            default:
                return null;
        }
    }

    // The word comes from the user's file and may be binary garbage: the error must stay one readable line.
    private static string Printable(string word)
    {
        var text = new StringBuilder();
        foreach (var rune in word.EnumerateRunes())
        {
            if (text.Length >= 60)
                return text.Append('…').ToString();
            text.Append(Rune.IsControl(rune) || rune.Value == 0xFFFD ? $"\\u{rune.Value:x4}" : rune.ToString());
        }
        return text.ToString();
    }

    // BuildKit's validStageName.
    [GeneratedRegex("^[a-z][a-z0-9_.-]*$")]
    private static partial Regex StageName();
}
