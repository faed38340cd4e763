using Pipeline.Dockerfiles.Syntax;

namespace Pipeline.Dockerfiles.ConfigurePip.Planning;

/// <summary>
/// Removes named variables from ENV and ARG instructions. An instruction left with nothing is removed;
/// otherwise it is rewritten with the remaining <c>name=value</c> words as written, one per line when
/// the original spanned several lines.
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
        var prefix = instruction.Raw[..instruction.Logical.ToRaw(instruction.ArgumentsStart)];
        var multiline = instruction.EndLine > instruction.StartLine;
        var indent = multiline ? IndentOfSecondLine(instruction.Raw) : "";
        var separator = multiline ? $" {plan.Escape}{plan.LineEnding}{indent}" : " ";
        var ending = instruction.Raw.EndsWith("\r\n", StringComparison.Ordinal) ? "\r\n" : instruction.Raw.EndsWith('\n') ? "\n" : "";
        plan.Edit(start, start + instruction.Raw.Length, prefix + string.Join(separator, keep) + ending);
        return removed;
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
