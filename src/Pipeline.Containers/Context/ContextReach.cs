using System.Text.RegularExpressions;
using Pipeline.Dockerfiles.Syntax;

namespace Pipeline.Containers.Context;

/// <summary>
/// Which build-context paths a Dockerfile can read into an image: the sources of its <c>COPY</c>/<c>ADD</c>
/// instructions (files, folders and globs; <c>--from</c> copies, heredocs and URLs read nothing from the context)
/// and of <c>RUN --mount=type=bind</c> without <c>from</c>, in every stage and in <c>ONBUILD</c> triggers, with ARG
/// and ENV values resolved through <see cref="ArgResolver"/>. Several services often share one context folder (a
/// stack root): a file only another service copies must not make this one's image out of date. Whenever a source
/// cannot be told without building (a variable the Dockerfile does not set, a custom <c># syntax=</c> frontend),
/// the whole context counts, which is never wrong, only slower.
/// </summary>
internal sealed partial class ContextReach
{
    private readonly IReadOnlyList<SourcePattern> _sources;

    private ContextReach(string? wholeContextReason, IReadOnlyList<SourcePattern> sources)
    {
        WholeContextReason = wholeContextReason;
        _sources = sources;
    }

    /// <summary>Why every context file counts, or null when only <see cref="Sources"/> do.</summary>
    public string? WholeContextReason { get; }

    /// <summary>True when every file of the context can reach the image.</summary>
    public bool IsWholeContext => WholeContextReason is not null;

    /// <summary>The context-relative source patterns (cleaned, <c>/</c>-separated) that can reach the image.</summary>
    public IReadOnlyList<string> Sources => _sources.Select(s => s.Whole.Pattern).ToList();

    /// <summary>Every context file counts, for <paramref name="reason"/>.</summary>
    public static ContextReach Whole(string reason) => new(reason, []);

    /// <summary>
    /// What <paramref name="dockerfile"/> (the text sent) reads from its context when built with
    /// <paramref name="buildArgs"/> (null values: not given, the ARG's default applies).
    /// </summary>
    /// <exception cref="DockerfileParseException">The Dockerfile does not parse.</exception>
    public static ContextReach For(string dockerfile, IReadOnlyDictionary<string, string?>? buildArgs = null, string fileName = "Dockerfile")
    {
        ArgumentNullException.ThrowIfNull(dockerfile);
        var document = DockerfileParser.Parse(dockerfile, fileName);
        if (document.Directives.Syntax is { } syntax && !IsStandardFrontend(syntax))
            return Whole($"# syntax={syntax} is a custom frontend");
        var resolver = ArgResolver.For(document, buildArgs);
        var sources = new List<string>();
        foreach (var stage in document.Stages)
        {
            foreach (var instruction in stage.Instructions)
            {
                // An ONBUILD trigger runs in a later stage that builds FROM this one, reading the same context.
                var reason = Collect(instruction.Inner ?? instruction, resolver, stage, instruction, sources);
                if (reason is not null)
                    return Whole($"{fileName}:{instruction.StartLine}: {reason}");
            }
        }
        var patterns = new List<SourcePattern>();
        foreach (var source in sources.Distinct(StringComparer.Ordinal))
        {
            if (source == ".")
                return Whole("a source names the whole context");
            try
            {
                patterns.Add(SourcePattern.Parse(source));
            }
            catch (FormatException)
            {
                return Whole($"source '{source}' is not a pattern Pipeline can match");
            }
        }
        return new ContextReach(null, patterns);
    }

    /// <summary>
    /// Whether the context entry <paramref name="path"/> (relative, <c>/</c>-separated, a folder may end in <c>/</c>)
    /// can reach the image: it, or a folder it lies in, is named by a source.
    /// </summary>
    public bool Reaches(string path)
    {
        if (IsWholeContext) return true;
        var segments = Segments(path);
        for (var length = 1; length <= segments.Length; length++)
        {
            var prefix = string.Join('/', segments, 0, length);
            if (_sources.Any(s => s.Whole.Matches(prefix))) return true;
        }
        return false;
    }

    /// <summary>
    /// Whether a source names <paramref name="path"/> itself or something below it: a symbolic link there is
    /// followed by the builder, so what it points at reaches the image too.
    /// </summary>
    public bool Follows(string path)
    {
        if (IsWholeContext) return true;
        var entry = string.Join('/', Segments(path));
        var depth = entry.Count(c => c == '/') + 1;
        return _sources.Any(s => s.Whole.Matches(entry) || s.AnyDepth || depth <= s.Folders.Count && s.Folders[depth - 1].Matches(entry));
    }

    private static string[] Segments(string path) =>
        DockerIgnorePattern.CleanPath(path.TrimEnd('/')).TrimStart('/').Split('/', StringSplitOptions.RemoveEmptyEntries);

    // Adds what one instruction reads from the context; returns why it cannot be told, or null.
    private static string? Collect(Instruction instruction, ArgResolver resolver, BuildStage stage, Instruction at, List<string> sources)
    {
        switch (instruction.Command)
        {
            case "COPY" or "ADD":
                if (instruction.FlagValues("from").Any() || instruction.Arguments.Count < 2) return null;
                foreach (var word in instruction.Arguments.Take(instruction.Arguments.Count - 1))
                {
                    if (instruction.Heredocs.Count > 0 && word.StartsWith("<<", StringComparison.Ordinal)) continue;
                    var (source, problem) = Resolve(word, instruction.IsJsonForm, resolver, stage, at);
                    if (problem is not null) return problem;
                    // ADD fetches URLs itself; their bytes are not in the context.
                    if (instruction.Command == "ADD" && IsRemote(source!)) continue;
                    sources.Add(Clean(source!));
                }
                return null;
            case "RUN":
                foreach (var mount in instruction.FlagValues("mount"))
                {
                    var fields = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (var field in mount.Split(','))
                    {
                        var pair = field.Split('=', 2);
                        fields[pair[0].Trim()] = pair.Length > 1 ? pair[1] : "";
                    }
                    var type = fields.GetValueOrDefault("type", "bind");
                    if (type != "bind" || fields.ContainsKey("from")) continue;
                    var word = fields.GetValueOrDefault("source") ?? fields.GetValueOrDefault("src") ?? ".";
                    var (source, problem) = Resolve(word, true, resolver, stage, at);
                    if (problem is not null) return problem;
                    sources.Add(Clean(source!));
                }
                return null;
            default:
                return null;
        }
    }

    private static (string? Source, string? Problem) Resolve(string word, bool json, ArgResolver resolver, BuildStage stage, Instruction at)
    {
        // The shell form splits on blanks before quotes are read ("my file" is two words): what the builder makes of
        // a quoted source is not worth guessing.
        if (!json && (word.Contains('"') || word.Contains('\'')))
            return (null, $"source {word} is quoted");
        if (!word.Contains('$'))
            return (word, null);
        var scope = resolver.ScopeAt(stage, at);
        // The base image's own ENV is not known here, so a name the Dockerfile does not set cannot be resolved.
        foreach (Match match in VariableName().Matches(word))
        {
            var name = match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value;
            if (!scope.ContainsKey(name)) return (null, $"source '{word}' uses ${name}, which the Dockerfile does not set");
        }
        return (resolver.Expand(word, scope), null);
    }

    // Sources are relative to the context root; ".." cannot leave it (BuildKit cleans them against "/").
    private static string Clean(string source)
    {
        var clean = DockerIgnorePattern.CleanPath("/" + source).TrimStart('/');
        return clean.Length == 0 ? "." : clean;
    }

    // A source pattern, and the patterns of the folders on the way to it ("a/*/c" → "a", "a/*").
    private sealed record SourcePattern(DockerIgnorePattern Whole, IReadOnlyList<DockerIgnorePattern> Folders, bool AnyDepth)
    {
        public static SourcePattern Parse(string source)
        {
            var parts = source.Split('/');
            var folders = Enumerable.Range(1, parts.Length - 1).Select(n => Compile(string.Join('/', parts[..n]))).ToList();
            // "**" can put any folder on the way to what it names.
            return new SourcePattern(Compile(source), folders, source.Contains("**", StringComparison.Ordinal));
        }

        // A leading '!' or '#' would read as a .dockerignore exception or comment: escaped, it is the character.
        private static DockerIgnorePattern Compile(string pattern) =>
            DockerIgnorePattern.Parse(pattern[0] is '!' or '#' ? "\\" + pattern : pattern)!;
    }

    private static bool IsRemote(string source) =>
        source.Contains("://", StringComparison.Ordinal) || source.StartsWith("git@", StringComparison.Ordinal);

    // docker/dockerfile[:tag] (and its labs channel) parses as the built-in frontend does; anything else may read anything.
    private static bool IsStandardFrontend(string syntax) =>
        StandardFrontend().IsMatch(syntax.Trim());

    [GeneratedRegex(@"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))")]
    private static partial Regex VariableName();

    [GeneratedRegex(@"^(docker\.io/)?docker/dockerfile(-upstream)?(:[0-9][0-9A-Za-z.\-]*)?(@sha256:[0-9a-f]{64})?$")]
    private static partial Regex StandardFrontend();
}
