using System.Text.RegularExpressions;

namespace Pipeline.Containers.Context;

/// <summary>
/// Pure edits of the Dockerfile copy sent in a build context: base image mapping on <c>FROM</c> lines,
/// removal of <c>RUN --mount=type=cache</c> for engines without it, and listing of base images.
/// </summary>
public static partial class DockerfileRewriter
{
    /// <summary>
    /// Replaces the image of each <c>FROM</c> line found in <paramref name="map"/> (compared after normalising
    /// both names, e.g. <c>python:3.11</c> = <c>docker.io/library/python:3.11</c>). Returns the text and the replacements made.
    /// </summary>
    public static (string Text, IReadOnlyList<string> Replaced) MapBaseImages(string dockerfile, IReadOnlyDictionary<string, string> map)
    {
        if (map.Count == 0) return (dockerfile, []);
        var normalized = map.ToDictionary(p => ImageReference.Normalize(p.Key), p => p.Value, StringComparer.Ordinal);
        var replaced = new List<string>();
        var text = FromLine().Replace(dockerfile, m =>
        {
            var image = m.Groups["image"].Value;
            if (!normalized.TryGetValue(ImageReference.Normalize(image), out var target)) return m.Value;
            replaced.Add($"{image} -> {target}");
            return m.Groups["head"].Value + target + m.Groups["tail"].Value;
        });
        return (text, replaced);
    }

    /// <summary>
    /// Adds one <c>LABEL</c> instruction (keys sorted) at the end of the stage that becomes the image: the last one, or
    /// <paramref name="targetStage"/>. Labels given to the engine API instead are applied by podman to every stage, in
    /// random order: a cache miss on every build and a new untagged image per builder stage. Written into the
    /// Dockerfile, the same labels give the same step, which the layer cache recognises.
    /// </summary>
    public static string AddLabels(string dockerfile, IReadOnlyDictionary<string, string> labels, string? targetStage = null)
    {
        if (labels.Count == 0) return dockerfile;
        var escape = EscapeDirective().Match(dockerfile) is { Success: true } directive ? directive.Groups["c"].Value[0] : '\\';
        var instruction = "LABEL " + string.Join(" ", labels.OrderBy(l => l.Key, StringComparer.Ordinal)
            .Select(l => $"{Quote(l.Key, escape)}={Quote(l.Value, escape)}")) + "\n";

        var insertAt = dockerfile.Length;
        if (!string.IsNullOrEmpty(targetStage))
        {
            var froms = FromLine().Matches(dockerfile).ToList();
            var target = froms.FindIndex(m => m.Groups["stage"].Success && m.Groups["stage"].Value.Equals(targetStage, StringComparison.OrdinalIgnoreCase));
            if (target >= 0 && target + 1 < froms.Count) insertAt = froms[target + 1].Index;
        }
        var head = dockerfile[..insertAt];
        var separator = head.Length == 0 || head.EndsWith('\n') ? "" : "\n";
        return head + separator + instruction + dockerfile[insertAt..];
    }

    // Inside double quotes the escape character escapes itself, the quote and $ (which LABEL would expand).
    private static string Quote(string value, char escape) =>
        "\"" + string.Concat(value.Select(c => c == escape || c == '"' || c == '$' ? $"{escape}{c}" : c is '\n' or '\r' ? " " : c.ToString())) + "\"";

    /// <summary>Removes <c>--mount=...type=cache...</c> flags from <c>RUN</c> lines; returns the text and how many were removed.</summary>
    public static (string Text, int Removed) StripCacheMounts(string dockerfile)
    {
        var removed = 0;
        var text = RunFlags().Replace(dockerfile, m =>
        {
            var flags = m.Groups["flags"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var kept = flags.Where(f => !(f.StartsWith("--mount=", StringComparison.Ordinal) && f.Contains("type=cache", StringComparison.Ordinal))).ToList();
            removed += flags.Length - kept.Count;
            return m.Groups["run"].Value + string.Concat(kept.Select(f => f + " "));
        });
        return (text, removed);
    }

    /// <summary>Whether some <c>RUN</c> line still has a <c>--mount</c> flag (which dockerd's API builder rejects).</summary>
    public static bool HasMounts(string dockerfile) =>
        RunFlags().Matches(dockerfile).Any(m => m.Groups["flags"].Value.Contains("--mount=", StringComparison.Ordinal));

    /// <summary>
    /// The base images of all stages (not references to earlier stages), with <c>$VAR</c>/<c>${VAR}</c> resolved
    /// from <paramref name="buildArgs"/> and <c>ARG</c> defaults declared before the first <c>FROM</c>.
    /// </summary>
    public static IReadOnlyList<string> BaseImages(string dockerfile, IReadOnlyDictionary<string, string?> buildArgs)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        var stages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var images = new List<string>();
        var seenFrom = false;
        foreach (var raw in dockerfile.Split('\n'))
        {
            var line = raw.Trim();
            var arg = GlobalArg().Match(line);
            if (!seenFrom && arg.Success)
            {
                // One ARG may declare several: ARG A=1 B="x y" C.
                foreach (Match declared in ArgDeclaration().Matches(arg.Groups["rest"].Value))
                {
                    var name = declared.Groups["name"].Value;
                    args[name] = buildArgs.TryGetValue(name, out var given) && given is not null ? given : declared.Groups["value"].Value.Trim('"', '\'');
                }
                continue;
            }
            var from = FromLine().Match(line);
            if (!from.Success) continue;
            seenFrom = true;
            var image = Variable().Replace(from.Groups["image"].Value, v =>
                args.TryGetValue(v.Groups["a"].Success ? v.Groups["a"].Value : v.Groups["b"].Value, out var value) ? value : string.Empty);
            if (!stages.Contains(image) && !image.Equals("scratch", StringComparison.OrdinalIgnoreCase)) images.Add(image);
            if (from.Groups["stage"].Success) stages.Add(from.Groups["stage"].Value);
        }
        return images;
    }

    [GeneratedRegex(@"^(?<head>[ \t]*FROM[ \t]+(?:--\S+[ \t]+)*)(?<image>[^\s]+)(?<tail>(?:[ \t]+AS[ \t]+(?<stage>\S+))?[ \t]*\r?)$",
        RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex FromLine();

    // The escape parser directive: only in the leading comment lines, before any instruction.
    [GeneratedRegex(@"\A(?:[ \t]*#[^\n]*\n)*?[ \t]*#[ \t]*escape[ \t]*=[ \t]*(?<c>[\\`])[ \t]*\r?$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex EscapeDirective();

    [GeneratedRegex(@"^(?<run>[ \t]*RUN[ \t]+)(?<flags>(?:--\S+[ \t]+)+)", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex RunFlags();

    [GeneratedRegex(@"^ARG\s+(?<rest>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex GlobalArg();

    [GeneratedRegex(@"(?<=^|\s)(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:=(?<value>""[^""]*""|'[^']*'|\S*))?(?=\s|$)")]
    private static partial Regex ArgDeclaration();

    [GeneratedRegex(@"\$(?:\{(?<a>[A-Za-z_][A-Za-z0-9_]*)\}|(?<b>[A-Za-z_][A-Za-z0-9_]*))")]
    private static partial Regex Variable();
}
