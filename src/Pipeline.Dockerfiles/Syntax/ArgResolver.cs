using System.Text;

namespace Pipeline.Dockerfiles.Syntax;

/// <summary>A stage's base as BuildKit resolves it.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Written">The image word as written in FROM (<c>${BASE}</c>, <c>python:3.11</c>).</param>
/// <param name="Image">The word with the meta ARGs and build args expanded.</param>
/// <param name="FromStage">The earlier stage it builds on when <see cref="Image"/> names one, else null.</param>
public sealed record ResolvedBase(BuildStage Stage, string Written, string Image, BuildStage? FromStage)
{
    /// <summary>True for an image pulled from a registry: not an earlier stage and not <c>scratch</c>.</summary>
    public bool IsExternal => FromStage is null && !Image.Equals("scratch", StringComparison.OrdinalIgnoreCase) && Image.Length > 0;
}

/// <summary>
/// The one place Dockerfile variables are resolved: the meta ARGs (declared before the first FROM) with the build
/// args given, stage ARG/ENV scopes, and BuildKit's word expansion (<c>$A</c>, <c>${A}</c>, <c>${A:-x}</c>,
/// <c>${A-x}</c>, <c>${A:+x}</c>, <c>${A+x}</c>, <c>${A:?x}</c>, quotes and the escape character). Whoever asks
/// "which base images does this file build from" (BuildParallel's order, BaseImage's list) asks here.
/// </summary>
public sealed class ArgResolver
{
    private readonly DockerfileDocument _document;
    private readonly IReadOnlyDictionary<string, string?> _buildArgs;
    private readonly Dictionary<string, string> _meta = new(StringComparer.Ordinal);

    private ArgResolver(DockerfileDocument document, IReadOnlyDictionary<string, string?> buildArgs)
    {
        _document = document;
        _buildArgs = buildArgs;
        foreach (var instruction in document.Instructions.TakeWhile(i => i.Command != "FROM").Where(i => i.Command == "ARG"))
            Declare(instruction, _meta, _meta);
    }

    /// <summary>
    /// A resolver for <paramref name="document"/> built with <paramref name="buildArgs"/> (compose <c>args</c>,
    /// <c>--build-arg</c>); a null value means "not given" and the ARG's default applies.
    /// </summary>
    public static ArgResolver For(DockerfileDocument document, IReadOnlyDictionary<string, string?>? buildArgs = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new ArgResolver(document, buildArgs ?? new Dictionary<string, string?>());
    }

    /// <summary>The meta ARGs (before the first FROM) that have a value: the build arg given, else the default.</summary>
    public IReadOnlyDictionary<string, string> MetaArgs => _meta;

    /// <summary>Every stage's base, in stage order.</summary>
    public IReadOnlyList<ResolvedBase> Bases()
    {
        var result = new List<ResolvedBase>();
        foreach (var stage in _document.Stages)
        {
            var written = stage.BaseImage;
            var image = Expand(written, _meta);
            var parent = _document.Stages.Take(stage.Index)
                .FirstOrDefault(s => s.Name is not null && s.Name.Equals(image, StringComparison.OrdinalIgnoreCase));
            result.Add(new ResolvedBase(stage, written, image, parent));
        }
        return result;
    }

    /// <summary>The images pulled from a registry (stage references and <c>scratch</c> left out), in stage order.</summary>
    public IReadOnlyList<string> ExternalBaseImages() => Bases().Where(b => b.IsExternal).Select(b => b.Image).ToList();

    /// <summary>
    /// The variables a RUN/ENV at <paramref name="before"/> sees in <paramref name="stage"/>: meta ARGs the stage
    /// declares again with <c>ARG</c>, the stage's ARGs (build arg, else default) and its ENV values, in order.
    /// ENV values inherited from a parent stage in the same file are included; the base image's own ENV is not known.
    /// </summary>
    public IReadOnlyDictionary<string, string> ScopeAt(BuildStage stage, Instruction? before = null)
    {
        ArgumentNullException.ThrowIfNull(stage);
        var scope = new Dictionary<string, string>(StringComparer.Ordinal);
        var parent = Bases()[stage.Index].FromStage;
        if (parent is not null)
        {
            foreach (var instruction in parent.Instructions.Where(i => i.Command == "ENV"))
                foreach (var (name, value) in instruction.KeyValues)
                    scope[name] = Expand(value, scope);
        }
        foreach (var instruction in stage.Instructions)
        {
            if (ReferenceEquals(instruction, before))
                break;
            if (instruction.Command == "ARG")
                Declare(instruction, scope, _meta);
            else if (instruction.Command == "ENV")
                foreach (var (name, value) in instruction.KeyValues)
                    scope[name] = Expand(value, scope);
        }
        return scope;
    }

    /// <summary>Expands <paramref name="word"/> with <paramref name="variables"/> as BuildKit's shell lexer does (unset is empty).</summary>
    public string Expand(string word, IReadOnlyDictionary<string, string> variables) =>
        Expand(word, variables, _document.Directives.EscapeToken);

    /// <summary>As <see cref="Expand(string, IReadOnlyDictionary{string, string})"/> with an explicit escape character.</summary>
    public static string Expand(string word, IReadOnlyDictionary<string, string> variables, char escape)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(variables);
        var output = new StringBuilder(word.Length);
        var quote = '\0';
        for (var i = 0; i < word.Length; i++)
        {
            var ch = word[i];
            if (quote == '\'')
            {
                if (ch == '\'')
                    quote = '\0';
                else
                    output.Append(ch);
                continue;
            }
            if (ch == escape && i + 1 < word.Length)
            {
                var next = word[i + 1];
                // Inside double quotes the escape only protects what is special there.
                if (quote == '"' && next != '"' && next != '$' && next != escape)
                    output.Append(ch);
                output.Append(next);
                i++;
                continue;
            }
            if (ch == '\'' && quote == '\0')
            {
                quote = '\'';
                continue;
            }
            if (ch == '"')
            {
                quote = quote == '"' ? '\0' : '"';
                continue;
            }
            if (ch == '$' && i + 1 < word.Length)
            {
                i = ExpandVariable(word, i, variables, escape, output);
                continue;
            }
            output.Append(ch);
        }
        return output.ToString();
    }

    // Returns the index of the last character consumed.
    private static int ExpandVariable(string word, int dollar, IReadOnlyDictionary<string, string> variables, char escape, StringBuilder output)
    {
        var i = dollar + 1;
        if (word[i] != '{')
        {
            var end = i;
            while (end < word.Length && (char.IsAsciiLetterOrDigit(word[end]) || word[end] == '_'))
                end++;
            if (end == i)
            {
                output.Append('$');
                return dollar;
            }
            output.Append(variables.GetValueOrDefault(word[i..end]) ?? "");
            return end - 1;
        }
        var close = MatchingBrace(word, i);
        if (close < 0)
        {
            output.Append(word, dollar, word.Length - dollar);
            return word.Length - 1;
        }
        var body = word[(i + 1)..close];
        var nameEnd = 0;
        while (nameEnd < body.Length && (char.IsAsciiLetterOrDigit(body[nameEnd]) || body[nameEnd] == '_'))
            nameEnd++;
        var name = body[..nameEnd];
        var set = variables.TryGetValue(name, out var value);
        var op = body[nameEnd..];
        string Alternative(int skip) => Expand(op[skip..], variables, escape);
        var result = op switch
        {
            "" => value ?? "",
            _ when op.StartsWith(":-", StringComparison.Ordinal) => string.IsNullOrEmpty(value) ? Alternative(2) : value,
            _ when op.StartsWith('-') => set ? value! : Alternative(1),
            _ when op.StartsWith(":+", StringComparison.Ordinal) => string.IsNullOrEmpty(value) ? "" : Alternative(2),
            _ when op.StartsWith('+') => set ? Alternative(1) : "",
            _ when op.StartsWith(":?", StringComparison.Ordinal) || op.StartsWith('?') => value ?? "",
            _ => value ?? "", // pattern removal and substitution: the plain value is the best guess
        };
        output.Append(result);
        return close;
    }

    private static int MatchingBrace(string word, int open)
    {
        var depth = 0;
        for (var i = open; i < word.Length; i++)
        {
            if (word[i] == '{')
                depth++;
            else if (word[i] == '}' && --depth == 0)
                return i;
        }
        return -1;
    }

    // ARG A=1 B C="x y": a build arg wins over the default; a bare name re-declares a meta ARG (or a given build arg).
    private void Declare(Instruction instruction, Dictionary<string, string> scope, IReadOnlyDictionary<string, string> outer)
    {
        foreach (var argument in instruction.Arguments)
        {
            var equals = argument.IndexOf('=');
            var name = equals < 0 ? argument : argument[..equals];
            if (name.Length == 0)
                continue;
            if (_buildArgs.TryGetValue(name, out var given) && given is not null)
                scope[name] = given;
            else if (equals >= 0)
                scope[name] = Expand(argument[(equals + 1)..], scope);
            else if (outer.TryGetValue(name, out var inherited))
                scope[name] = inherited;
        }
    }
}
