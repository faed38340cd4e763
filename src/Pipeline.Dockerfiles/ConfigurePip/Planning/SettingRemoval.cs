using Pipeline.Dockerfiles.Editing;
using Pipeline.Dockerfiles.Syntax;

namespace Pipeline.Dockerfiles.ConfigurePip.Planning;

/// <summary>
/// Removes named variables from ENV and ARG instructions. An instruction left with nothing is removed;
/// otherwise only the removed words go (with their blanks, or their whole continuation line), so comment
/// lines and layout inside the instruction stay. When that would not parse back to the remaining words,
/// the instruction is rewritten with them as written, one per line when the original spanned several lines.
/// </summary>
internal static class SettingRemoval
{
    /// <summary>The names an ENV or ARG instruction sets, in order.</summary>
    public static IReadOnlyList<string> NamesOf(Instruction instruction) => instruction.Command switch
    {
        "ENV" => instruction.KeyValues.Select(kv => kv.Key).ToList(),
        "ARG" => instruction.Arguments.Select(a => a.Split('=')[0]).ToList(),
        _ => [],
    };

    /// <summary>Plans removing the variables <paramref name="remove"/> selects from <paramref name="instruction"/>; returns their names.</summary>
    public static IReadOnlyList<string> Remove(PlanBuilder plan, Instruction instruction, Func<string, bool> remove)
    {
        var names = NamesOf(instruction);
        var removed = names.Where(remove).ToList();
        if (removed.Count == 0)
            return removed;
        var start = plan.OffsetOf(instruction);
        var keep = Words(instruction).Where((_, i) => !remove(names[i])).ToList();
        var oldForm = instruction.Command == "ENV" && instruction.Arguments.Count == 3 && instruction.Arguments[2].Length == 0;
        if (keep.Count == 0 || oldForm)
        {
            plan.Edit(start, start + instruction.Raw.Length, "");
            return removed;
        }
        if (WordEdits(plan, instruction, names, remove, keep) is { } edits)
        {
            foreach (var edit in edits)
                plan.Edit(start + edit.Start, start + edit.End, "");
            return removed;
        }
        var prefix = instruction.Raw[..instruction.Logical.ToRaw(instruction.ArgumentsStart)];
        var multiline = instruction.EndLine > instruction.StartLine;
        var indent = multiline ? IndentOfSecondLine(instruction.Raw) : "";
        var separator = multiline ? $" {plan.Escape}{plan.LineEnding}{indent}" : " ";
        var ending = instruction.Raw.EndsWith("\r\n", StringComparison.Ordinal) ? "\r\n" : instruction.Raw.EndsWith('\n') ? "\n" : "";
        plan.Edit(start, start + instruction.Raw.Length, prefix + string.Join(separator, keep) + ending);
        return removed;
    }

    /// <summary>Edits (relative to the instruction) removing just the words of removed names, or null when unsafe.</summary>
    private static List<TextEdit>? WordEdits(PlanBuilder plan, Instruction instruction, IReadOnlyList<string> names, Func<string, bool> remove, List<string> keep)
    {
        var spans = new List<(int Start, int End)>();
        InstructionArguments.ParseWords(instruction.Logical.Text[instruction.ArgumentsStart..], plan.Escape, spans);
        if (spans.Count != names.Count)
            return null;
        var start = plan.OffsetOf(instruction);
        var edits = new List<TextEdit>();
        for (var i = 0; i < names.Count; i++)
        {
            if (!remove(names[i]))
                continue;
            var (from, to) = OptionRemoval.Range(plan.Text,
                start + instruction.Logical.ToRaw(instruction.ArgumentsStart + spans[i].Start),
                start + instruction.Logical.ToRawEnd(instruction.ArgumentsStart + spans[i].End), plan.Escape);
            if (from < start || to > start + instruction.Raw.Length || (edits.Count > 0 && from - start < edits[^1].End))
                return null;
            edits.Add(new TextEdit(from - start, to - start, ""));
        }
        // Proof by parsing: the instruction must keep exactly the other words and must not swallow the next line.
        var raw = TextEdit.Apply(instruction.Raw, edits);
        var probe = (plan.Escape == '`' ? "# escape=`\n" : "") + raw + (raw.EndsWith('\n') ? "" : "\n") + "RUN true\n";
        try
        {
            var parsed = DockerfileParser.Parse(probe).Instructions;
            return parsed.Count == 2 && parsed[0].Command == instruction.Command && Words(parsed[0]).SequenceEqual(keep) ? edits : null;
        }
        catch (DockerfileParseException)
        {
            return null;
        }
    }

    private static IEnumerable<string> Words(Instruction instruction) => instruction.Command == "ENV"
        ? instruction.KeyValues.Select(kv => kv.Key + "=" + kv.Value)
        : instruction.Arguments;

    private static string IndentOfSecondLine(string raw)
    {
        var newline = raw.IndexOf('\n');
        var second = raw[(newline + 1)..];
        var indent = second[..(second.Length - second.TrimStart(' ', '\t').Length)];
        return indent.Length > 0 ? indent : "    ";
    }
}
