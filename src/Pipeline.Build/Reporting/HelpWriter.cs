using System.Text;

namespace Pipeline.Build;

/// <summary><c>--help</c>: targets with descriptions and direct dependencies, then parameters, then built-ins.</summary>
internal static class HelpWriter
{
    public static string Write(IReadOnlyList<ExecutableTarget> targets, IReadOnlyList<ParameterDescriptor> parameters,
        IReadOnlyList<string> defaultTargets, object build)
    {
        var sb = new StringBuilder();
        sb.AppendLine("Usage: ./build.sh [targets] [--parameters]");
        sb.AppendLine();
        sb.AppendLine("Targets (with their direct dependencies):");
        var listed = targets.Where(t => !t.IsUnlisted).ToList();
        var width = listed.Select(t => t.Name.Length + 10).DefaultIfEmpty(10).Max() + 2;
        foreach (var target in listed)
        {
            var isDefault = defaultTargets.Any(d => TargetNames.Matches(d, target.Name));
            var name = target.Name + (isDefault ? " (default)" : "");
            var deps = target.Dependencies.Count == 0 ? "" : $" -> {string.Join(", ", target.Dependencies.Select(d => d.Name))}";
            sb.AppendLine($"  {name.PadRight(width)}{target.Description}{deps}");
        }

        sb.AppendLine();
        sb.AppendLine("Parameters:");
        var pwidth = parameters.Select(p => p.CommandLineName.Length).Append(BuiltIns.Max(b => b.Name.Length)).Max() + 4;
        foreach (var p in parameters)
        {
            var value = p.IsSecret ? "(secret)" : Describe(p.GetValue(build));
            var kind = p.Type.IsEnum || Nullable.GetUnderlyingType(p.Type)?.IsEnum == true
                ? $" [{string.Join("|", Enum.GetNames(Nullable.GetUnderlyingType(p.Type) ?? p.Type))}]"
                : p.Type.IsArray ? " [list]" : "";
            var defaultText = value.Length == 0 ? "" : $" Default: {value}.";
            sb.AppendLine($"  {p.CommandLineName.PadRight(pwidth)}{p.Description}{kind}{defaultText}");
        }

        sb.AppendLine();
        sb.AppendLine("Built-in:");
        foreach (var (name, text) in BuiltIns)
            sb.AppendLine($"  {name.PadRight(pwidth)}{text}");
        return sb.ToString();
    }

    internal static readonly (string Name, string Text)[] BuiltIns =
    [
        ("--help", "Shows this help."),
        ("--plan", "Prints the execution plan; runs nothing."),
        ("--target", "Targets to run (same as positional names; A+B also works)."),
        ("--skip", "Skips the given targets; with no value, everything but the invoked targets."),
        ("--root", "Root directory (default: nearest ancestor holding .nuke/)."),
        ("--verbosity", "Console verbosity [Quiet|Minimal|Normal|Verbose]. The file log has everything."),
        ("--profile", "Loads .nuke/parameters.NAME.json (several allowed; later ones win)."),
        ("--continue", "Continues a failed build: targets that succeeded in the previous attempt are skipped."),
        ("--no-logo", "Omits the start-up banner."),
    ];

    internal static string Describe(object? value) => value switch
    {
        null => "",
        string s => s,
        Array a => string.Join(" ", a.Cast<object?>().Select(Describe)),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
