using System.Globalization;
using Pipeline.Dockerfiles.Shell;
using Pipeline.Dockerfiles.Syntax;
using Pipeline.Dockerfiles.Uv;

namespace Pipeline.Dockerfiles.ConfigurePip.Planning;

/// <summary>One downloading uv command in a RUN, and the cache mount it can use (null with the reason when none fits).</summary>
internal sealed record UvSite(BuildStage Stage, RunScript Script, UvInvocation Invocation, string? CacheMount, string CacheDirectory, string? NoMountReason)
{
    public Instruction Instruction => Script.Instruction;
}

/// <summary>A stage and its uv commands.</summary>
internal sealed record UvStage(BuildStage Stage, IReadOnlyList<UvSite> Sites);

internal static partial class PipRewritePlanner
{
    private static readonly Dictionary<string, string> DeprecatedUv = new(StringComparer.Ordinal)
    {
        ["UV_EXTRA_INDEX_URL"] = "UV_INDEX",
        ["UV_INDEX_URL"] = "UV_DEFAULT_INDEX",
    };

    private static IReadOnlyList<UvStage> UvStages(DockerfileDocument document, ConfigurePipOptions options)
    {
        var resolver = ArgResolver.For(document);
        var result = new List<UvStage>();
        foreach (var stage in document.Stages)
        {
            var sites = new List<UvSite>();
            foreach (var instruction in stage.Instructions)
            {
                foreach (var script in RunScript.Of(instruction))
                {
                    foreach (var invocation in UvInvocationFinder.FindAll(script.Commands))
                    {
                        var user = StageUser.At(stage, instruction, document.Stages);
                        var configured = resolver.ScopeAt(stage, instruction).GetValueOrDefault("UV_CACHE_DIR");
                        var directory = !string.IsNullOrEmpty(configured) ? configured
                            : user is null ? options.UvCacheTarget
                            : user.Home.Length > 0 ? user.Home + "/.cache/uv" : "";
                        string? mount = null;
                        string? reason = null;
                        if (!options.UseCacheMounts)
                            reason = "cache mounts are off for this engine";
                        else if (user is not null && (user.Uid is null || directory.Length == 0))
                            reason = $"uv runs as USER {user.Name}, whose uid is not known here: a cache mount is owned by root and uv could not write to it; add --mount=type=cache,target=<its cache>,uid=<uid> by hand";
                        else
                            mount = $"type=cache,target={directory}" + (user is null ? "" : string.Create(CultureInfo.InvariantCulture, $",uid={user.Uid},gid={user.Gid}"));
                        sites.Add(new UvSite(stage, script, invocation, mount, directory, reason));
                    }
                }
            }
            result.Add(new UvStage(stage, sites));
        }
        return result;
    }

    /// <summary>
    /// The deprecated uv index variables <paramref name="instruction"/> sets, each with the line that replaces it
    /// (inserted before the instruction) and why. A build arg, unless a later stage is built FROM this one and would
    /// lose an ENV turned into an ARG; nothing when the stage already sets the new name.
    /// </summary>
    private static Dictionary<string, (string Line, string Reason)> DeprecatedUvSettings(PlanBuilder plan, Instruction instruction, IReadOnlyDictionary<string, string> values)
    {
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        var names = SettingRemoval.NamesOf(instruction);
        if (!names.Any(DeprecatedUv.ContainsKey))
            return result;
        var stage = plan.Document.Stages.FirstOrDefault(s => s.Instructions.Contains(instruction));
        var scope = stage is null ? plan.Document.Instructions.TakeWhile(i => i.Command != "FROM") : stage.Instructions;
        var declared = scope.Where(i => i.Command is "ENV" or "ARG").SelectMany(SettingRemoval.NamesOf).ToHashSet(StringComparer.Ordinal);
        var child = stage?.Name is { } name
            ? plan.Document.Stages.FirstOrDefault(s => s.Index > stage.Index && s.BaseImage.Equals(name, StringComparison.OrdinalIgnoreCase))
            : null;
        var keyword = instruction.Command == "ENV" && child is not null ? "ENV" : "ARG";
        foreach (var old in names.Where(DeprecatedUv.ContainsKey))
        {
            var replacement = DeprecatedUv[old];
            if (declared.Contains(replacement))
                continue;
            var line = values.TryGetValue(old, out var value) ? $"{keyword} {replacement}={value}" : $"{keyword} {replacement}";
            var why = keyword == "ARG"
                ? "as a build arg it is still in every RUN's environment, a build can point it at a mirror (--build-arg " + replacement + "=...), and it stays out of the image's runtime environment"
                : $"kept as ENV: stage {child!.Label} is built FROM this one and would lose an ARG";
            result[old] = (line, $"{old} is deprecated, uv reads {replacement}; {why}");
        }
        return result;
    }

    private static void ConfigureUv(PlanBuilder plan, IReadOnlyList<UvStage> stages, ConfigurePipOptions options)
    {
        var added = new Dictionary<int, IReadOnlyList<string>>();
        foreach (var stage in stages.Where(s => s.Sites.Count > 0))
        {
            added[stage.Stage.Index] = AddUvNetworkSettings(plan, stage, added, options);
            foreach (var group in stage.Sites.GroupBy(s => s.Instruction, ReferenceEqualityComparer.Instance))
            {
                var instruction = (Instruction)group.Key!;
                var site = group.First();
                if (site.CacheMount is null)
                {
                    if (options.UseCacheMounts)
                        plan.Row(stage.Stage, instruction.StartLine, ChangeKind.Note, "no uv cache mount", site.NoMountReason!);
                    continue;
                }
                if (!HasCacheMount(instruction, site.CacheDirectory))
                {
                    var at = plan.OffsetOf(instruction) + instruction.Logical.ToRaw(instruction.KeywordEnd);
                    plan.Edit(at, at, $" --mount={site.CacheMount}");
                    plan.Row(stage.Stage, instruction.StartLine, ChangeKind.Modified, $"RUN --mount={site.CacheMount}",
                        $"uv ({string.Join(", ", group.Select(s => "uv " + s.Invocation.Subcommand).Distinct())}) keeps downloaded wheels between builds instead of fetching them again");
                }
                foreach (var uv in group)
                    RemoveUvNoCache(plan, stage.Stage, uv);
            }
        }
        foreach (var instruction in plan.Document.Instructions.Where(i => i.Command is "ENV" or "ARG"))
        {
            var values = SettingValues(instruction);
            foreach (var name in new[] { "UV_INDEX", "UV_EXTRA_INDEX_URL" }.Where(n => values.TryGetValue(n, out var v) && v.Contains("download.pytorch.org", StringComparison.OrdinalIgnoreCase)))
                plan.Row(plan.Document.Stages.FirstOrDefault(s => s.Instructions.Contains(instruction))?.Label ?? "global", instruction.StartLine, ChangeKind.Note,
                    $"{name} names the PyTorch index",
                    "uv's first-index strategy takes every package that index has from it (older numpy, pillow...), not only torch; "
                    + "for uv sync/lock pin torch to it in pyproject.toml ([[tool.uv.index]] with explicit = true and [tool.uv.sources])");
        }
    }

    private static IReadOnlyList<string> AddUvNetworkSettings(PlanBuilder plan, UvStage stage, IReadOnlyDictionary<int, IReadOnlyList<string>> added, ConfigurePipOptions options)
    {
        var first = stage.Sites[0].Instruction;
        var env = stage.Stage.Instructions.TakeWhile(i => !ReferenceEquals(i, first)).Where(i => i.Command == "ENV").SelectMany(SettingRemoval.NamesOf)
            .Concat(InheritedUvEnv(plan.Document, stage.Stage, added)).ToHashSet(StringComparer.Ordinal);
        var pairs = new List<string>();
        if (!env.Contains("UV_HTTP_TIMEOUT") && !env.Contains("UV_REQUEST_TIMEOUT"))
            pairs.Add(string.Create(CultureInfo.InvariantCulture, $"UV_HTTP_TIMEOUT={options.TimeoutSeconds}"));
        if (!env.Contains("UV_LINK_MODE") && stage.Sites.Any(s => s.CacheMount is not null))
            pairs.Add("UV_LINK_MODE=copy");
        if (pairs.Count > 0)
        {
            plan.InsertBefore(first, [Marker + "uv timeout for slow networks; copy mode for installs from the cache mount", "ENV " + string.Join(" ", pairs)]);
            plan.Row(stage.Stage, first.StartLine, ChangeKind.Added, "ENV " + string.Join(" ", pairs),
                "uv's 30 s read timeout fails large wheel downloads on slow networks"
                + (pairs.Any(p => p.StartsWith("UV_LINK_MODE", StringComparison.Ordinal)) ? "; the cache mount is another file system, where uv cannot hardlink and would warn on every install" : ""));
        }
        return pairs.Select(p => p.Split('=')[0]).ToList();
    }

    private static IEnumerable<string> InheritedUvEnv(DockerfileDocument document, BuildStage stage, IReadOnlyDictionary<int, IReadOnlyList<string>> added)
    {
        var seen = new HashSet<int>();
        for (var parent = Parent(document, stage); parent is not null && seen.Add(parent.Index); parent = Parent(document, parent))
        {
            foreach (var name in parent.Instructions.Where(i => i.Command == "ENV").SelectMany(SettingRemoval.NamesOf))
                yield return name;
            foreach (var name in added.GetValueOrDefault(parent.Index) ?? [])
                yield return name;
        }
    }

    private static BuildStage? Parent(DockerfileDocument document, BuildStage stage) =>
        document.Stages.FirstOrDefault(s => s.Index < stage.Index && s.Name is not null && s.Name.Equals(stage.BaseImage, StringComparison.OrdinalIgnoreCase));

    private static void RemoveUvNoCache(PlanBuilder plan, BuildStage stage, UvSite site)
    {
        foreach (var option in site.Invocation.Options.Where(o => o.Value is "--no-cache" or "-n"))
        {
            var script = site.Script;
            if (!site.Invocation.IsEditable || script.RawStart is null || script.RawEnd is null)
            {
                plan.Row(stage, site.Instruction.StartLine, ChangeKind.Note, $"uv {option.Value} kept",
                    "it sits inside eval/sh -c or an exec-form RUN, whose words are not edited; remove it by hand so the cache mount is used");
                continue;
            }
            var escape = script.Heredoc is null ? plan.Escape : '\\';
            var start = plan.OffsetOf(site.Instruction);
            var (from, to) = OptionRemoval.Range(plan.Text, start + script.RawStart(option.Start), start + script.RawEnd(option.End), escape);
            plan.Edit(from, to, "");
            plan.Row(stage, site.Instruction.StartLine, ChangeKind.Removed, $"uv {option.Value}", "it would bypass the cache mount");
        }
    }
}
