using System.Text.RegularExpressions;
using Pipeline.Python.Locks;
using Pipeline.Python.Markers;
using Tomlyn.Model;
using Tomlyn.Syntax;
using Pipeline.Packaging;

namespace Pipeline.Python.Uv;

/// <summary>
/// Makes a uv project take torch from the PyTorch CPU index the way uv documents it: a named
/// <c>[[tool.uv.index]]</c> with <c>explicit = true</c> and <c>[tool.uv.sources]</c> entries for the torch
/// packages it declares. Repairs the recipe seen in the wild (deprecated <c>[tool.uv] extra-index-url</c> plus
/// a source naming an undeclared index, which uv rejects). Pure: text in, text out.
/// </summary>
/// <remarks>
/// Tomlyn's model decides what is there; its syntax tree gives the line spans; the edits are line-based so
/// comments, blank lines, quoting and key order outside the edited lines stay byte-identical (re-serializing the
/// model would drop comments; rewriting syntax nodes would still need hand-made trivia). Running it on its own
/// output changes nothing.
/// </remarks>
internal static partial class PyprojectCpuIndexRepair
{
    /// <summary>Repairs <paramref name="text"/> (read from <paramref name="path"/>, used in errors).</summary>
    public static PyprojectRepairResult Repair(string text, string path, CpuIndexSettings settings)
    {
        var model = TomlAccess.Parse(text, path, out var syntax);
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = text.Split(newline).ToList();
        var uv = TomlAccess.Table(TomlAccess.Table(model, "tool") ?? [], "uv");
        var sources = uv is null ? null : TomlAccess.Table(uv, "sources");
        var torch = DeclaredTorchPackages(model, sources, settings);
        var indexName = ChooseIndexName(uv, sources, torch, settings);
        if (torch.Count == 0)
            return new PyprojectRepairResult(text, [], [], indexName);

        var edits = new LineEdits();
        var changes = new List<string>();
        var uvTable = FindTable(syntax, "tool.uv");
        // New tables go right after [tool.uv]; without it, at the end but before the final newline.
        var anchor = uvTable is not null ? uvTable.Span.End.Line + 1 : lines[^1].Length == 0 ? lines.Count - 1 : lines.Count;

        var keep = new CommentKeeper(lines);
        RemoveCpuExtraIndex(uvTable, settings, edits, changes, keep);
        // Inserts at the same line keep their recorded order: dotted sources.X keys belong to [tool.uv] itself, so
        // they must be recorded before a new [[tool.uv.index]] table that may start on that line.
        // Also when [tool.uv.sources] ends where the new index table goes (no [tool.uv], the sources table last in
        // the file): recorded after the index, the torch entries would land under [[tool.uv.index]] (found by
        // InputPropertyTests: the second repair then added them again).
        if (HasDottedSources(syntax, uvTable)
            || (FindTable(syntax, "tool.uv.sources") is { } sourcesTable && sourcesTable.Span.End.Line + 1 >= anchor))
        {
            EnsureSources(syntax, sources, uvTable, torch, indexName, anchor, path, edits, changes, keep);
            EnsureIndex(syntax, uv, uvTable, indexName, settings, anchor, path, edits, changes, keep);
        }
        else
        {
            EnsureIndex(syntax, uv, uvTable, indexName, settings, anchor, path, edits, changes, keep);
            EnsureSources(syntax, sources, uvTable, torch, indexName, anchor, path, edits, changes, keep);
        }

        if (edits.IsEmpty)
            return new PyprojectRepairResult(text, [], torch, indexName);
        var result = string.Join(newline, edits.Apply(lines));
        // A layout the edits did not foresee must fail here, naming the line, rather than be written as invalid TOML.
        TomlAccess.Parse(result, path + " (repaired)");
        return new PyprojectRepairResult(result, changes, torch, indexName);
    }

    private static void RemoveCpuExtraIndex(TableSyntaxBase? uvTable, CpuIndexSettings settings, LineEdits edits, List<string> changes, CommentKeeper keep)
    {
        var kv = uvTable is null ? null : FindKey(uvTable, "extra-index-url");
        if (kv?.Value is not ArraySyntax array)
            return;
        var urls = array.Items.Select(i => StringOf(i.Value)).ToList();
        if (!urls.Any(u => SameUrl(u, settings.IndexUrl)))
            return;
        var kept = urls.OfType<string>().Where(u => !SameUrl(u, settings.IndexUrl)).ToList();
        if (kept.Count == 0)
            edits.Delete(kv.Span.Start.Line, kv.Span.End.Line);
        else
            edits.Replace(kv.Span.Start.Line, kv.Span.End.Line, keep.With(kv, $"extra-index-url = [{string.Join(", ", kept.Select(Quote))}]"));
        changes.Add($"removed {settings.IndexUrl} from deprecated [tool.uv] extra-index-url (a non-explicit extra index is consulted for every package)");
    }

    private static void EnsureIndex(DocumentSyntax syntax, TomlTable? uv, TableSyntaxBase? uvTable, string indexName, CpuIndexSettings settings,
        int anchor, string path, LineEdits edits, List<string> changes, CommentKeeper keep)
    {
        var existing = uv is null ? null : TomlAccess.Tables(uv, "index")
            .FirstOrDefault(t => TomlAccess.String(t, "name") == indexName || SameUrl(TomlAccess.String(t, "url"), settings.IndexUrl));
        // [tool.uv] index = [{ ... }] (an inline array): a [[tool.uv.index]] table cannot be added next to it, and
        // its inline tables are not edited line by line, so say where the declaration is and what it needs.
        var inline = uvTable is null ? null : FindKey(uvTable, "index");
        var inlineOk = existing is not null && SameUrl(TomlAccess.String(existing, "url"), settings.IndexUrl)
                       && existing.TryGetValue("explicit", out var x) && x is true;
        if (inline is not null && !inlineOk)
            throw new PythonInputException(path, inline.Span.Start.Line + 1,
                $"[tool.uv] index is an inline array; expected {{ name = {Quote(indexName)}, url = {Quote(settings.IndexUrl)}, explicit = true }} in it "
                + "(or [[tool.uv.index]] tables, which LockCpu repairs itself)");
        if (existing is null)
        {
            edits.InsertBefore(anchor, "", "[[tool.uv.index]]", $"name = {Quote(indexName)}", $"url = {Quote(settings.IndexUrl)}", "explicit = true");
            changes.Add($"declared [[tool.uv.index]] '{indexName}' = {settings.IndexUrl} with explicit = true");
            return;
        }
        var table = syntax.Tables.OfType<TableArraySyntax>()
            .Where(t => KeyText(t.Name) == "tool.uv.index")
            .FirstOrDefault(t => FindKey(t, "name") is { } n && StringOf(n.Value) == indexName);
        if (table is null)
            return;
        if (!SameUrl(TomlAccess.String(existing, "url"), settings.IndexUrl) && FindKey(table, "url") is { } url)
        {
            edits.Replace(url.Span.Start.Line, url.Span.End.Line, keep.With(url, $"url = {Quote(settings.IndexUrl)}"));
            changes.Add($"pointed index '{indexName}' at {settings.IndexUrl}");
        }
        if (existing.TryGetValue("explicit", out var e) && e is true)
            return;
        if (FindKey(table, "explicit") is { } ex)
            edits.Replace(ex.Span.Start.Line, ex.Span.End.Line, keep.With(ex, "explicit = true"));
        else
            edits.InsertBefore(table.Span.End.Line + 1, "explicit = true");
        changes.Add($"made index '{indexName}' explicit (only packages routed to it use it)");
    }

    private static void EnsureSources(DocumentSyntax syntax, TomlTable? sources, TableSyntaxBase? uvTable, IReadOnlyList<string> torch,
        string indexName, int anchor, string path, LineEdits edits, List<string> changes, CommentKeeper keep)
    {
        var sourcesTable = FindTable(syntax, "tool.uv.sources");
        // Sources may also be written inside [tool.uv] as dotted keys (sources.torch = ...); then a new
        // [tool.uv.sources] table would define the table twice, so the edits stay dotted keys in [tool.uv].
        var dotted = HasDottedSources(syntax, uvTable);
        var prefix = dotted ? "sources." : "";
        var missing = new List<string>();
        foreach (var package in torch)
        {
            var key = sources?.Keys.FirstOrDefault(k => ProjectName.Normalize(k) == package);
            if (key is not null && RoutesTo(sources![key], indexName))
                continue;
            var kv = key is null ? null
                : sourcesTable is not null ? FindKey(sourcesTable, key)
                : dotted ? FindKey(uvTable!, "sources." + key)
                : null;
            if (kv is not null)
            {
                edits.Replace(kv.Span.Start.Line, kv.Span.End.Line, keep.With(kv, prefix + SourceLine(package, indexName)));
                changes.Add($"routed {package} to index '{indexName}' in [tool.uv.sources]");
            }
            else
            {
                missing.Add(package);
            }
        }
        if (missing.Count == 0)
            return;
        if (sourcesTable is null && !dotted && uvTable is not null && FindKey(uvTable, "sources") is { } inline)
            throw new PythonInputException(path, inline.Span.Start.Line + 1,
                $"[tool.uv] sources is an inline table; expected {string.Join(", ", missing.Select(p => $"{p} = [{{ index = {Quote(indexName)} }}]"))} in it "
                + "(or a [tool.uv.sources] table, which LockCpu repairs itself)");
        var added = missing.Select(p => prefix + SourceLine(p, indexName)).ToArray();
        if (sourcesTable is not null)
            edits.InsertBefore(sourcesTable.Span.End.Line + 1, added);
        else if (dotted)
            edits.InsertBefore(LastKeyLine(uvTable!) + 1, added);
        else
            edits.InsertBefore(anchor, ["", "[tool.uv.sources]", .. added]);
        changes.Add($"routed {string.Join(", ", missing)} to index '{indexName}' in [tool.uv.sources]");
    }

    /// <summary>True when sources are <c>sources.X = ...</c> keys of <c>[tool.uv]</c> and there is no <c>[tool.uv.sources]</c>.</summary>
    private static bool HasDottedSources(DocumentSyntax syntax, TableSyntaxBase? uvTable) =>
        FindTable(syntax, "tool.uv.sources") is null && uvTable is not null
        && uvTable.Items.OfType<KeyValueSyntax>().Any(kv => KeyText(kv.Key).StartsWith("sources.", StringComparison.Ordinal));

    /// <summary>0-based last line of the table's last key/value (before trailing blank lines and comments).</summary>
    private static int LastKeyLine(TableSyntaxBase table) =>
        table.Items.OfType<KeyValueSyntax>().Select(kv => kv.Span.End.Line).DefaultIfEmpty(table.Span.Start.Line).Max();

    private static string SourceLine(string package, string indexName) => $"{package} = [{{ index = {Quote(indexName)} }}]";

    /// <summary>True when a source value (inline table or array of them) sends every entry to the index.</summary>
    private static bool RoutesTo(object value, string indexName) => value switch
    {
        TomlTable t => TomlAccess.String(t, "index") == indexName,
        TomlArray a => a.Count > 0 && a.All(x => x is TomlTable t && TomlAccess.String(t, "index") == indexName),
        TomlTableArray ta => ta.Count > 0 && ta.All(t => TomlAccess.String(t, "index") == indexName),
        _ => false,
    };

    private static string ChooseIndexName(TomlTable? uv, TomlTable? sources, IReadOnlyList<string> torch, CpuIndexSettings settings)
    {
        // Reuse an index already declared for the CPU URL; else the name the sources already use; else the default.
        var declared = uv is null ? null : TomlAccess.Tables(uv, "index")
            .FirstOrDefault(t => SameUrl(TomlAccess.String(t, "url"), settings.IndexUrl));
        if (declared is not null && TomlAccess.String(declared, "name") is { } n)
            return n;
        var referenced = torch.Select(p => sources?.FirstOrDefault(kv => ProjectName.Normalize(kv.Key) == p).Value)
            .Select(v => v switch { TomlTable t => TomlAccess.String(t, "index"), TomlArray { Count: > 0 } a when a[0] is TomlTable t => TomlAccess.String(t, "index"), _ => null })
            .FirstOrDefault(v => v is not null);
        return referenced ?? settings.IndexName;
    }

    /// <summary>Torch-family packages named in dependencies, optional dependencies, dependency groups or sources.</summary>
    private static List<string> DeclaredTorchPackages(TomlTable model, TomlTable? sources, CpuIndexSettings settings)
    {
        var wanted = settings.TorchPackages.Select(ProjectName.Normalize).ToList();
        var names = new HashSet<string>();
        var project = TomlAccess.Table(model, "project");
        var specs = new List<string>();
        if (project is not null)
        {
            specs.AddRange(TomlAccess.Strings(project, "dependencies"));
            foreach (var (_, v) in TomlAccess.Table(project, "optional-dependencies") ?? [])
                specs.AddRange(v is TomlArray a ? a.OfType<string>() : []);
        }
        foreach (var (_, v) in TomlAccess.Table(model, "dependency-groups") ?? [])
            specs.AddRange(v is TomlArray a ? a.OfType<string>() : []);
        foreach (var spec in specs)
        {
            var m = RequirementName().Match(spec);
            if (m.Success)
                names.Add(ProjectName.Normalize(m.Value));
        }
        foreach (var key in sources?.Keys ?? [])
            names.Add(ProjectName.Normalize(key));
        return wanted.Where(names.Contains).ToList();
    }

    /// <summary>Keeps the trailing <c># comment</c> of a one-line key/value that is rewritten.</summary>
    private sealed class CommentKeeper(IReadOnlyList<string> lines)
    {
        public string With(KeyValueSyntax kv, string replacement)
        {
            if (kv.Span.Start.Line != kv.Span.End.Line || kv.Span.Start.Line >= lines.Count)
                return replacement;
            var line = lines[kv.Span.Start.Line];
            char? quote = null;
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (quote is not null)
                {
                    if (c == '\\' && quote == '"') i++;
                    else if (c == quote) quote = null;
                }
                else if (c is '"' or '\'')
                {
                    quote = c;
                }
                else if (c == '#')
                {
                    var start = i;
                    while (start > 0 && char.IsWhiteSpace(line[start - 1])) start--;
                    return replacement + line[start..];
                }
            }
            return replacement;
        }
    }

    private static TableSyntaxBase? FindTable(DocumentSyntax syntax, string name) =>
        syntax.Tables.FirstOrDefault(t => t is TableSyntax && KeyText(t.Name) == name);

    private static KeyValueSyntax? FindKey(TableSyntaxBase table, string key) =>
        table.Items.OfType<KeyValueSyntax>().FirstOrDefault(kv => KeyText(kv.Key) == key);

    /// <summary>A key as plain dotted text: <c>tool . "uv"</c> becomes <c>tool.uv</c>.</summary>
    private static string KeyText(KeySyntax? key) =>
        key is null ? "" : string.Join('.', key.ToString()!.Split('.').Select(p => p.Trim().Trim('"', '\'')));

    private static string? StringOf(SyntaxNode? value) => value is StringValueSyntax s ? s.Value : null;

    private static bool SameUrl(string? a, string? b) =>
        a is not null && b is not null && string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex(@"^\s*[A-Za-z0-9][A-Za-z0-9._-]*")]
    private static partial Regex RequirementName();
}
