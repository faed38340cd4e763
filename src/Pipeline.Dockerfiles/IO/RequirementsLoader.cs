using Pipeline.Dockerfiles.Pip;
using Pipeline.Packaging;

namespace Pipeline.Dockerfiles.IO;

/// <summary>
/// Reads the requirements files pip installs use from the build context: the first COPY candidate
/// that exists, then the files it includes with <c>-r</c>/<c>-c</c> (relative to it), up to a depth limit.
/// </summary>
internal static class RequirementsLoader
{
    /// <summary>How deep nested <c>-r</c> includes are followed.</summary>
    public const int MaxIncludeDepth = 8;

    /// <summary>Loads every file referenced by <paramref name="stages"/>; unresolved references are absent from the map.</summary>
    public static async Task<IReadOnlyDictionary<RequirementFileRef, ResolvedRequirements>> LoadAsync(
        string contextDirectory, IEnumerable<StagePip> stages, CancellationToken ct)
    {
        var map = new Dictionary<RequirementFileRef, ResolvedRequirements>(ReferenceEqualityComparer.Instance);
        foreach (var reference in stages.SelectMany(s => s.Sites).SelectMany(s => s.Files))
        {
            foreach (var candidate in reference.ContextCandidates)
            {
                var full = Path.Combine(contextDirectory, candidate);
                if (!File.Exists(full))
                    continue;
                var requirements = new List<SourcedRequirement>();
                var options = new List<SourcedOption>();
                await ReadAsync(contextDirectory, candidate, requirements, options, 0, [], ct).ConfigureAwait(false);
                map[reference] = new ResolvedRequirements(candidate, requirements, options);
                break;
            }
        }
        return map;
    }

    /// <summary>The requirements named in <paramref name="text"/> (a file's text, or one spec of a pip command line).</summary>
    public static IEnumerable<RequirementLine> Parse(string text, string source) =>
        Named(RequirementsParser.Parse(text, source, RequirementsMode.Lenient));

    // A direct reference (name @ URL) is a file the user chose: never repinned, so not a requirement ConfigurePip acts on.
    private static IEnumerable<RequirementLine> Named(RequirementsFile file) => file.Requirements.Where(r => r.Url is null);

    private static async Task ReadAsync(string context, string relative, List<SourcedRequirement> requirements, List<SourcedOption> options, int depth, HashSet<string> seen, CancellationToken ct)
    {
        var full = Path.GetFullPath(Path.Combine(context, relative));
        if (depth > MaxIncludeDepth || !seen.Add(full) || !File.Exists(full))
            return;
        string text;
        try
        {
            text = await TextFile.ReadAsync(full, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{full}:1: cannot read the requirements file ({e.Message})", e);
        }
        var file = RequirementsParser.Parse(text, full, RequirementsMode.Lenient);
        requirements.AddRange(Named(file).Select(r => new SourcedRequirement(r, relative)));
        options.AddRange(file.Options.Select(o => new SourcedOption(o, relative)));
        foreach (var include in file.Options.Where(o => o.Name == RequirementsParser.Requirement))
        {
            string nested;
            try
            {
                nested = Path.GetRelativePath(context, Path.Combine(Path.GetDirectoryName(full)!, include.Value)).Replace('\\', '/');
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"{full}:{include.Line}: expected a file path after -r ({e.Message})", e);
            }
            await ReadAsync(context, nested, requirements, options, depth + 1, seen, ct).ConfigureAwait(false);
        }
    }
}
