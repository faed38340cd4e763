using Pipeline.Dockerfiles.Editing;
using Pipeline.Dockerfiles.Shell;
using Pipeline.Dockerfiles.Syntax;

namespace Pipeline.Containers.Context;

/// <summary>
/// Pure edits of the Dockerfile copy sent in a build context: base image mapping on <c>FROM</c> lines,
/// removal of <c>RUN --mount=type=cache</c> for engines without it, index URLs pointed at a local proxy, a
/// <c>LABEL</c> step, and listing of base images. Everything reads the file through the Pipeline.Dockerfiles
/// parser (continuation lines, the escape directive, heredocs and flags as BuildKit sees them) and edits only
/// the bytes it means to change.
/// </summary>
internal static class DockerfileRewriter
{
    /// <summary>ENV/ARG variables that name package indexes (pip's and uv's, current and deprecated).</summary>
    public static IReadOnlySet<string> IndexVariables { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "UV_INDEX_URL", "UV_EXTRA_INDEX_URL", "UV_INDEX", "UV_DEFAULT_INDEX",
    };

    /// <summary>
    /// Replaces the image of each <c>FROM</c> line found in <paramref name="map"/> (compared after normalising
    /// both names, e.g. <c>python:3.11</c> = <c>docker.io/library/python:3.11</c>). An image written with variables
    /// (<c>FROM ${BASE}</c>) is resolved with the meta ARGs and <paramref name="buildArgs"/> first. Returns the text
    /// and the replacements made.
    /// </summary>
    /// <exception cref="DockerfileParseException">The Dockerfile does not parse (one line naming <paramref name="fileName"/>:line).</exception>
    public static (string Text, IReadOnlyList<string> Replaced) MapBaseImages(
        string dockerfile, IReadOnlyDictionary<string, string> map, IReadOnlyDictionary<string, string?>? buildArgs = null, string fileName = "Dockerfile")
    {
        // Parsed even with nothing to map: a file BuildKit would refuse fails here, with its line, before it is sent.
        var document = DockerfileParser.Parse(dockerfile, fileName);
        if (map.Count == 0) return (dockerfile, []);
        var offsets = Offsets(document);
        var normalized = map.ToDictionary(p => ImageReference.Normalize(p.Key), p => p.Value, StringComparer.Ordinal);
        var edits = new List<TextEdit>();
        var replaced = new List<string>();
        foreach (var resolved in ArgResolver.For(document, buildArgs).Bases().Where(b => b.IsExternal))
        {
            if (!normalized.TryGetValue(ImageReference.Normalize(resolved.Image), out var target)) continue;
            var from = resolved.Stage.From;
            var text = from.Logical.Text;
            var end = from.ArgumentsStart;
            while (end < text.Length && !char.IsWhiteSpace(text[end])) end++;
            var start = offsets[from];
            edits.Add(new TextEdit(start + from.Logical.ToRaw(from.ArgumentsStart), start + from.Logical.ToRawEnd(end), target));
            replaced.Add($"{resolved.Image} -> {target}");
        }
        return (TextEdit.Apply(dockerfile, edits), replaced);
    }

    /// <summary>
    /// Adds one <c>LABEL</c> instruction (keys sorted) at the end of the stage that becomes the image: the last one, or
    /// <paramref name="targetStage"/>. Labels given to the engine API instead are applied by podman to every stage, in
    /// random order: a cache miss on every build and a new untagged image per builder stage. Written into the
    /// Dockerfile, the same labels give the same step, which the layer cache recognises.
    /// </summary>
    /// <exception cref="DockerfileParseException">The Dockerfile does not parse.</exception>
    public static string AddLabels(string dockerfile, IReadOnlyDictionary<string, string> labels, string? targetStage = null)
    {
        if (labels.Count == 0) return dockerfile;
        var document = DockerfileParser.Parse(dockerfile);
        var escape = document.Directives.EscapeToken;
        var instruction = "LABEL " + string.Join(" ", labels.OrderBy(l => l.Key, StringComparer.Ordinal)
            .Select(l => $"{Quote(l.Key, escape)}={Quote(l.Value, escape)}")) + "\n";

        var insertAt = dockerfile.Length;
        if (!string.IsNullOrEmpty(targetStage))
        {
            var stages = document.Stages;
            var target = stages.FirstOrDefault(s => string.Equals(s.Name, targetStage, StringComparison.OrdinalIgnoreCase));
            if (target is not null && target.Index + 1 < stages.Count) insertAt = Offsets(document)[stages[target.Index + 1].From];
        }
        var head = dockerfile[..insertAt];
        if (insertAt == dockerfile.Length && document.Instructions[^1].ContinuesAtEndOfFile)
            head = DropDanglingEscape(head, escape);
        var separator = head.Length == 0 || head.EndsWith('\n') ? "" : "\n";
        return head + separator + instruction + dockerfile[insertAt..];
    }

    // `RUN make \` at the end of the file: BuildKit ignores the escape there, but an appended LABEL would join the RUN.
    private static string DropDanglingEscape(string text, char escape)
    {
        var lines = text.Split('\n');
        var lineStart = text.Length + 1;
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            lineStart -= lines[i].Length + 1;
            var content = lines[i].TrimEnd();
            if (content.Length == 0 || content.TrimStart().StartsWith('#')) continue; // skipped inside a continuation
            var at = lineStart + content.Length - 1;
            return text[at] == escape ? text.Remove(at, 1) : text;
        }
        return text;
    }

    // Inside double quotes the escape character escapes itself, the quote and $ (which LABEL would expand).
    private static string Quote(string value, char escape) =>
        "\"" + string.Concat(value.Select(c => c == escape || c == '"' || c == '$' ? $"{escape}{c}" : c is '\n' or '\r' ? " " : c.ToString())) + "\"";

    /// <summary>
    /// Removes <c>--mount=type=cache,...</c> flags from <c>RUN</c> instructions, also when a flag sits on a continuation
    /// line; returns the text and how many were removed. Other flags and the layout around them stay.
    /// </summary>
    /// <exception cref="DockerfileParseException">The Dockerfile does not parse.</exception>
    public static (string Text, int Removed) StripCacheMounts(string dockerfile)
    {
        var document = DockerfileParser.Parse(dockerfile);
        var offsets = Offsets(document);
        var edits = new List<TextEdit>();
        foreach (var run in document.Instructions.Where(i => i.Command == "RUN"))
        {
            var logical = run.Logical;
            for (var f = 0; f < run.Flags.Count; f++)
            {
                if (!IsCacheMount(run.Flags[f])) continue;
                // The flag goes with the blanks (and continuation breaks) up to the next word, so no empty line is left.
                var (start, end) = run.FlagSpans[f];
                var next = f + 1 < run.FlagSpans.Count ? run.FlagSpans[f + 1].Start : run.ArgumentsStart;
                var rawEnd = next < logical.Text.Length ? logical.ToRaw(next) : logical.ToRawEnd(end);
                edits.Add(new TextEdit(offsets[run] + logical.ToRaw(start), offsets[run] + rawEnd, ""));
            }
        }
        return (TextEdit.Apply(dockerfile, edits), edits.Count);
    }

    /// <summary>Whether some <c>RUN</c> (an ONBUILD trigger included) still has a <c>--mount</c> flag (which dockerd's API builder rejects).</summary>
    /// <exception cref="DockerfileParseException">The Dockerfile does not parse.</exception>
    public static bool HasMounts(string dockerfile) =>
        DockerfileParser.Parse(dockerfile).Instructions.Select(i => i.Inner ?? i)
            .Any(i => i.Command == "RUN" && i.Flags.Any(f => f.StartsWith("--mount", StringComparison.Ordinal)));

    /// <summary>
    /// The base images of all stages (not references to earlier stages, not <c>scratch</c>), with variables resolved
    /// from <paramref name="buildArgs"/> and the <c>ARG</c>s declared before the first <c>FROM</c> (one resolver:
    /// <see cref="ArgResolver"/>). A Dockerfile that does not parse has none here; building it reports the error.
    /// </summary>
    public static IReadOnlyList<string> BaseImages(string dockerfile, IReadOnlyDictionary<string, string?> buildArgs)
    {
        try
        {
            return ArgResolver.For(DockerfileParser.Parse(dockerfile), buildArgs).ExternalBaseImages();
        }
        catch (DockerfileParseException)
        {
            return [];
        }
    }

    /// <summary>
    /// Points the package indexes written in the Dockerfile at local proxies: <c>--index-url</c>/<c>-i</c>/
    /// <c>--extra-index-url</c> (and uv's <c>--index</c>/<c>--default-index</c>) in RUN steps, heredoc scripts
    /// included, and the <see cref="IndexVariables"/> in ENV/ARG. <paramref name="proxies"/> maps an upstream
    /// index URL to its proxy URL (compared without a trailing slash, host case-insensitive; a URL mapped to itself is
    /// left alone). This is for the
    /// copy sent in the build context: the proxy URLs are machine-local and never belong in the user's files.
    /// Returns the text and the replacements made (<c>line: upstream -> proxy</c>).
    /// </summary>
    /// <exception cref="DockerfileParseException">The Dockerfile does not parse.</exception>
    public static (string Text, IReadOnlyList<string> Replaced) MapIndexUrls(string dockerfile, IReadOnlyDictionary<string, string> proxies)
    {
        ArgumentNullException.ThrowIfNull(proxies);
        if (proxies.Count == 0) return (dockerfile, []);
        foreach (var proxy in proxies.Values) ShellSafe(proxy);
        var document = DockerfileParser.Parse(dockerfile);
        var offsets = Offsets(document);
        var edits = new List<TextEdit>();
        var replaced = new List<string>();
        void Replace(Instruction instruction, int rawStart, int rawEnd, string upstream, string proxy)
        {
            edits.Add(new TextEdit(offsets[instruction] + rawStart, offsets[instruction] + rawEnd, proxy));
            replaced.Add($"{instruction.StartLine}: {upstream} -> {proxy}");
        }

        foreach (var instruction in document.Instructions)
        {
            if (instruction.Command is "ENV" or "ARG")
            {
                foreach (var (start, end) in IndexSettingSpans(instruction, document.Directives.EscapeToken))
                    foreach (var (at, length, upstream, proxy) in UrlsIn(instruction.Logical.Text, start, end, proxies))
                        if (instruction.Logical.ToRawEnd(at + length) - instruction.Logical.ToRaw(at) == length)
                            Replace(instruction, instruction.Logical.ToRaw(at), instruction.Logical.ToRawEnd(at + length), upstream, proxy);
                continue;
            }
            foreach (var script in RunScript.Of(instruction).Where(s => s.RawStart is not null && s.RawEnd is not null))
            {
                foreach (var command in script.Commands)
                {
                    var words = command.Arguments;
                    for (var w = 0; w < words.Count; w++)
                    {
                        var value = IndexOptionValue(words, w);
                        if (value is null || Lookup(proxies, value.Value.Url) is not { } hit) continue;
                        var word = words[value.Value.Word];
                        var rawStart = script.RawStart!(word.Start);
                        var rawEnd = script.RawEnd!(word.End);
                        var raw = instruction.Raw[rawStart..rawEnd];
                        // Only a URL written as is (plain or inside plain quotes) is edited: an escaped one is left alone.
                        var at = raw.IndexOf(value.Value.Url, StringComparison.Ordinal);
                        if (at < 0) continue;
                        Replace(instruction, rawStart + at, rawStart + at + value.Value.Url.Length, hit.Upstream, ShellSafe(hit.Proxy));
                    }
                }
            }
        }
        return (TextEdit.Apply(dockerfile, edits), replaced);
    }

    /// <summary>
    /// Everything a build sends pointed at local package proxies: the Dockerfile text (<see cref="MapIndexUrls"/>) and
    /// the pip.conf files it copies from <paramref name="contextDirectory"/> (<see cref="PipConfigSources"/>,
    /// <see cref="MapPipConfig"/>), only those that changed, keyed by their context-relative path as
    /// <see cref="BuildContextPacker.PackAsync"/> takes them in <c>replacedFiles</c>. Nothing on disk is written.
    /// </summary>
    /// <exception cref="DockerfileParseException">The Dockerfile does not parse.</exception>
    public static async Task<(string Dockerfile, IReadOnlyDictionary<string, string> ContextFiles, IReadOnlyList<string> Replaced)> MapIndexProxiesAsync(
        string contextDirectory, string dockerfile, IReadOnlyDictionary<string, string> proxies, CancellationToken ct)
    {
        var (text, replaced) = MapIndexUrls(dockerfile, proxies);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var all = replaced.ToList();
        if (proxies.Count == 0) return (text, files, all);
        var root = Path.GetFullPath(contextDirectory);
        foreach (var source in PipConfigSources(dockerfile))
        {
            var path = Path.GetFullPath(Path.Combine(root, source));
            // A source outside the context or a pattern (COPY conf/*.ini) is not sent as such: nothing to map.
            if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path)) continue;
            var (mapped, lines) = MapPipConfig(await File.ReadAllTextAsync(path, ct), proxies);
            if (lines.Count == 0) continue;
            files[Path.GetRelativePath(root, path).Replace('\\', '/')] = mapped;
            all.AddRange(lines.Select(l => $"{source}:{l}"));
        }
        return (text, files, all);
    }

    /// <summary>
    /// The build-context paths of pip configuration files the Dockerfile copies into the image (<c>COPY pip.conf
    /// /etc/pip.conf</c>, <c>ADD conf/pip.ini /root/.config/pip/</c>), so the caller can send them mapped with
    /// <see cref="MapPipConfig"/>. <c>COPY --from</c> sources are not in the context and are left out.
    /// </summary>
    /// <exception cref="DockerfileParseException">The Dockerfile does not parse.</exception>
    public static IReadOnlyList<string> PipConfigSources(string dockerfile)
    {
        var sources = new List<string>();
        foreach (var copy in DockerfileParser.Parse(dockerfile).Instructions.Where(i => i.Command is "COPY" or "ADD" && i.Heredocs.Count == 0))
        {
            if (copy.FlagValues("from").Any() || copy.Arguments.Count < 2) continue;
            var destination = copy.Arguments[^1];
            var pipDestination = destination is "/etc/pip.conf" or "/etc/xdg/pip/pip.conf"
                || destination.EndsWith("/pip/pip.conf", StringComparison.Ordinal) || destination.EndsWith("/.pip/pip.conf", StringComparison.Ordinal);
            foreach (var source in copy.Arguments.Take(copy.Arguments.Count - 1))
            {
                var name = Path.GetFileName(source);
                if (pipDestination || name is "pip.conf" or "pip.ini")
                    sources.Add(source.TrimStart('.', '/').Length == 0 ? source : source.StartsWith("./", StringComparison.Ordinal) ? source[2..] : source.TrimStart('/'));
            }
        }
        return sources.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Maps <c>index-url</c>, <c>extra-index-url</c> and <c>find-links</c> values of a pip configuration file (INI,
    /// continuation lines included) through <paramref name="proxies"/>; every other byte stays.
    /// </summary>
    public static (string Text, IReadOnlyList<string> Replaced) MapPipConfig(string pipConfig, IReadOnlyDictionary<string, string> proxies)
    {
        ArgumentNullException.ThrowIfNull(pipConfig);
        ArgumentNullException.ThrowIfNull(proxies);
        var edits = new List<TextEdit>();
        var replaced = new List<string>();
        var inIndexKey = false;
        var offset = 0;
        var number = 0;
        foreach (var line in pipConfig.Split('\n'))
        {
            number++;
            var content = line.TrimEnd('\r');
            var trimmed = content.TrimStart();
            var continuation = content.Length > 0 && char.IsWhiteSpace(content[0]) && trimmed.Length > 0;
            var valueStart = -1;
            if (continuation && inIndexKey)
            {
                valueStart = content.Length - trimmed.Length;
            }
            else if (!continuation)
            {
                var separator = content.IndexOfAny(['=', ':']);
                var key = separator > 0 ? content[..separator].Trim() : "";
                inIndexKey = key is "index-url" or "extra-index-url" or "find-links" or "index_url" or "extra_index_url";
                if (inIndexKey) valueStart = separator + 1;
            }
            if (valueStart >= 0)
            {
                foreach (var (at, length, upstream, proxy) in UrlsIn(content, valueStart, content.Length, proxies))
                {
                    edits.Add(new TextEdit(offset + at, offset + at + length, proxy));
                    replaced.Add($"{number}: {upstream} -> {proxy}");
                }
            }
            offset += line.Length + 1;
        }
        return (TextEdit.Apply(pipConfig, edits), replaced);
    }

    private static bool IsCacheMount(string flag)
    {
        if (!flag.StartsWith("--mount=", StringComparison.Ordinal)) return false;
        return flag["--mount=".Length..].Split(',').Select(p => p.Split('=', 2))
            .Any(p => p.Length == 2 && p[0].Trim().Equals("type", StringComparison.OrdinalIgnoreCase) && p[1].Trim() == "cache");
    }

    private static readonly HashSet<string> IndexOptions = ["--index-url", "-i", "--extra-index-url", "--index", "--default-index", "--find-links", "-f"];

    // The URL an index option sets at word w: `--index-url URL`, `--index-url=URL`, `-iURL`, uv's `--index name=URL`.
    private static (int Word, string Url)? IndexOptionValue(IReadOnlyList<ShellWord> words, int w)
    {
        var text = words[w].Value;
        string? value = null;
        var at = w;
        if (IndexOptions.Contains(text) && w + 1 < words.Count)
        {
            value = words[w + 1].Value;
            at = w + 1;
        }
        else if (text.StartsWith("--", StringComparison.Ordinal) && text.IndexOf('=') is > 2 and var equals && IndexOptions.Contains(text[..equals]))
        {
            value = text[(equals + 1)..];
        }
        else if (text.Length > 2 && text[0] == '-' && text[1] is 'i' or 'f' && text[2] != '-')
        {
            value = text[2..];
        }
        if (value is null) return null;
        // uv: --index name=URL
        if (value.IndexOf('=') is > 0 and var named && !value[..named].Contains(':')) value = value[(named + 1)..];
        return (at, value);
    }

    // An entry mapping a URL to itself leaves that URL alone (a build that is to reach the upstream straight).
    private static (string Upstream, string Proxy)? Lookup(IReadOnlyDictionary<string, string> proxies, string url)
    {
        foreach (var (upstream, proxy) in proxies)
            if (SameUrl(upstream, url)) return SameUrl(upstream, proxy) ? null : (upstream, proxy);
        return null;
    }

    private static bool SameUrl(string a, string b)
    {
        a = a.TrimEnd('/');
        b = b.TrimEnd('/');
        if (!Uri.TryCreate(a, UriKind.Absolute, out var ua) || !Uri.TryCreate(b, UriKind.Absolute, out var ub))
            return string.Equals(a, b, StringComparison.Ordinal);
        return ua.Scheme.Equals(ub.Scheme, StringComparison.OrdinalIgnoreCase) && ua.Authority.Equals(ub.Authority, StringComparison.OrdinalIgnoreCase)
            && ua.AbsolutePath.TrimEnd('/') == ub.AbsolutePath.TrimEnd('/') && ua.Query == ub.Query;
    }

    // Each URL token (split at blanks, quotes and `name=`) of text[start..end) that the map has.
    private static IEnumerable<(int At, int Length, string Upstream, string Proxy)> UrlsIn(string text, int start, int end, IReadOnlyDictionary<string, string> proxies)
    {
        var i = start;
        while (i < end)
        {
            while (i < end && (char.IsWhiteSpace(text[i]) || text[i] is '"' or '\'' or '='))
                i++;
            var tokenStart = i;
            while (i < end && !char.IsWhiteSpace(text[i]) && text[i] is not '"' and not '\'')
                i++;
            var token = text[tokenStart..i];
            // UV_INDEX="name=https://...": the URL follows the name.
            var named = token.IndexOf('=');
            var urlStart = named > 0 && !token[..named].Contains(':') ? tokenStart + named + 1 : tokenStart;
            var url = text[urlStart..i];
            if (url.Length > 0 && Lookup(proxies, url) is { } hit)
                yield return (urlStart, url.Length, hit.Upstream, hit.Proxy);
        }
    }

    // The `NAME=value` words (or the value of `ENV NAME value`) of index variables, as [Start, End) in the logical text.
    private static IEnumerable<(int Start, int End)> IndexSettingSpans(Instruction instruction, char escape)
    {
        var text = instruction.Logical.Text;
        var start = instruction.ArgumentsStart;
        var rest = text[start..];
        var words = WordSpans(rest, escape);
        if (instruction.Command == "ENV" && words.Count > 0 && !rest[words[0].Start..words[0].End].Contains('='))
        {
            // Legacy form: ENV NAME the rest of the line.
            if (IndexVariables.Contains(rest[words[0].Start..words[0].End])) yield return (start + words[0].End, text.Length);
            yield break;
        }
        foreach (var (s, e) in words)
        {
            var word = rest[s..e];
            var equals = word.IndexOf('=');
            if (equals > 0 && IndexVariables.Contains(word[..equals])) yield return (start + s + equals + 1, start + e);
        }
    }

    // Word spans as BuildKit splits ENV/ARG arguments: blanks outside quotes, the escape character protecting the next one.
    private static List<(int Start, int End)> WordSpans(string text, char escape)
    {
        var spans = new List<(int, int)>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i >= text.Length) break;
            var s = i;
            var quote = '\0';
            while (i < text.Length && (quote != '\0' || !char.IsWhiteSpace(text[i])))
            {
                if (text[i] == escape && quote != '\'') i++;
                else if (quote == '\0' && text[i] is '"' or '\'') quote = text[i];
                else if (text[i] == quote) quote = '\0';
                i++;
            }
            spans.Add((s, Math.Min(i, text.Length)));
        }
        return spans;
    }

    private static string ShellSafe(string url) =>
        url.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '/' or '.' or '-' or '_' or '~' or '%' or '+' or '@' or ',' or '=')
            ? url
            : throw new ArgumentException($"proxy URL '{url}' has characters a shell word would need quoted; use a plain http(s)://host:port/path URL", "proxies");

    private static Dictionary<DockerfileSegment, int> Offsets(DockerfileDocument document)
    {
        var offsets = new Dictionary<DockerfileSegment, int>(ReferenceEqualityComparer.Instance);
        var at = 0;
        foreach (var segment in document.Segments)
        {
            offsets[segment] = at;
            at += segment.Raw.Length;
        }
        return offsets;
    }
}
