using Pipeline.Dockerfiles.Pip;
using Pipeline.Dockerfiles.Shell;
using Pipeline.Dockerfiles.Syntax;

namespace Pipeline.Dockerfiles.ConfigurePip.Planning;

/// <summary>
/// Plans the ConfigurePip rewrite of one parsed Dockerfile. Pure: requirements files come in through
/// <c>files</c>, already read. Never introduces heredocs (podman 4.3's buildah cannot build them) and
/// never adds a <c># syntax=</c> line (it would make BuildKit pull a frontend image).
/// </summary>
internal static partial class PipRewritePlanner
{
    private const string Marker = "# ConfigurePip: ";

    /// <summary>Plans the edits for <paramref name="document"/>.</summary>
    public static PipRewritePlan Plan(
        DockerfileDocument document,
        string fileLabel,
        IReadOnlyList<StagePip> stages,
        Func<RequirementFileRef, ResolvedRequirements?> files,
        ConfigurePipOptions options)
    {
        var plan = new PlanBuilder(document, fileLabel);
        var torch = new TorchRequirements(options);
        var addedEnv = new Dictionary<int, IReadOnlyList<string>>();
        var uv = UvStages(document, options);
        RemoveAndReplaceSettings(plan, stages, uv, torch, options);
        foreach (var stage in stages.Where(s => s.Sites.Count > 0))
        {
            addedEnv[stage.Stage.Index] = AddMirrorArgsAndNetworkSettings(plan, stage, stages, addedEnv, options);
            InstallTorchFromCpuIndex(plan, stage, files, torch, options);
            ConfigureCache(plan, stage, options);
        }
        ConfigureUv(plan, uv, options);
        return new PipRewritePlan(plan.Edits, plan.Rows);
    }

    private static void RemoveAndReplaceSettings(PlanBuilder plan, IReadOnlyList<StagePip> stages, IReadOnlyList<UvStage> uv, TorchRequirements torch, ConfigurePipOptions options)
    {
        foreach (var instruction in plan.Document.Instructions.Where(i => i.Command is "ENV" or "ARG"))
        {
            var owner = stages.FirstOrDefault(s => s.Stage.Instructions.Contains(instruction));
            var uvOwner = uv.FirstOrDefault(s => s.Stage.Instructions.Contains(instruction));
            var label = owner?.Stage.Label ?? "global";
            // A pip step running as another user does not use the cache mount: disabling the cache still keeps wheels out of the layer.
            var cacheStage = owner is not null && owner.Sites.Count > 0 && options.UseCacheMounts
                && !owner.Sites.Any(site => NonRootUser(plan, owner.Stage, site.Instruction, options) is not null);
            var uvCacheStage = uvOwner is not null && uvOwner.Sites.Count > 0 && uvOwner.Sites.All(site => site.CacheMount is not null);
            var values = SettingValues(instruction);
            var replacements = DeprecatedUvSettings(plan, instruction, values);
            string? Reason(string name) =>
                options.NoOpSettings.TryGetValue(name, out var reason) ? reason
                : cacheStage && name == "PIP_NO_CACHE_DIR" ? "disables pip's cache, which the cache mount keeps between builds"
                : uvCacheStage && name == "UV_NO_CACHE" ? "disables uv's cache, which the cache mount keeps between builds"
                : name == "PIP_EXTRA_INDEX_URL" && values.GetValueOrDefault(name) is { } extra && extra.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(u => torch.IsTorchIndex(Unquote(u)))
                    ? "pip pools an extra index with the main one and takes the highest version, which is how CUDA torch (or a package shadowing one of PyPI's) gets in; torch is installed first from the CPU index instead"
                : replacements.TryGetValue(name, out var replacement) ? replacement.Reason
                : null;
            bool Used(string name) => UsesVariable(plan.Document, name);
            foreach (var name in SettingRemoval.NamesOf(instruction).Where(n => Reason(n) is not null && Used(n)).Distinct())
                plan.Row(label, instruction.StartLine, ChangeKind.Note, $"{instruction.Command} {name} kept",
                    $"{Reason(name)}, but the file reads ${name}: remove that use first");
            // A replacement goes exactly where the old setting was (below the comment that explains it), planned
            // before the removal so the insertion comes first at that offset.
            var at = plan.OffsetOf(instruction);
            foreach (var name in SettingRemoval.NamesOf(instruction).Where(n => replacements.ContainsKey(n) && !Used(n)))
                plan.Edit(at, at, replacements[name].Line + plan.LineEnding);
            var removed = SettingRemoval.Remove(plan, instruction, n => Reason(n) is not null && !Used(n));
            foreach (var name in removed)
            {
                if (replacements.TryGetValue(name, out var replacement))
                {
                    plan.Row(label, instruction.StartLine, ChangeKind.Modified, $"{instruction.Command} {name} -> {replacement.Line}", replacement.Reason);
                    continue;
                }
                plan.Row(label, instruction.StartLine, ChangeKind.Removed, $"{instruction.Command} {name}", Reason(name)!);
                if (name == "PIP_EXTRA_INDEX_URL")
                    plan.Row(label, instruction.StartLine, ChangeKind.Note, "CPU torch first instead of a pooled extra index",
                        $"pip stages whose requirements pull torch get a CPU-only torch step from ${{{options.TorchIndexArg}}} before their install; uv steps read their indexes from UV_INDEX / UV_DEFAULT_INDEX");
            }
        }
    }

    /// <summary>The variables an ENV or ARG sets and their values as written (quotes kept); a bare ARG has none.</summary>
    private static Dictionary<string, string> SettingValues(Instruction instruction)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (instruction.Command == "ENV")
        {
            foreach (var (name, value) in instruction.KeyValues)
                values[name] = value;
        }
        else
        {
            foreach (var argument in instruction.Arguments.Where(a => a.Contains('=')))
                values[argument[..argument.IndexOf('=')]] = argument[(argument.IndexOf('=') + 1)..];
        }
        return values;
    }

    private static string Unquote(string value) => value.Trim('"', '\'');

    /// <summary>True when an instruction expands <c>$name</c> or <c>${name...}</c>.</summary>
    private static bool UsesVariable(DockerfileDocument document, string name) =>
        document.Instructions.Any(i => System.Text.RegularExpressions.Regex.IsMatch(i.Raw, @"\$\{?" + System.Text.RegularExpressions.Regex.Escape(name) + @"(?![A-Za-z0-9_])"));

    /// <summary>The USER a RUN runs as when it is not root and the cache target is root's, else null.</summary>
    private static string? NonRootUser(PlanBuilder plan, BuildStage stage, Instruction instruction, ConfigurePipOptions options) =>
        options.CacheTarget.StartsWith("/root/", StringComparison.Ordinal) ? StageUser.At(stage, instruction, plan.Document.Stages)?.Name : null;

    /// <summary>Adds what the stage lacks; returns the ENV names it adds (stages built FROM this one inherit them).</summary>
    private static IReadOnlyList<string> AddMirrorArgsAndNetworkSettings(
        PlanBuilder plan, StagePip stage, IReadOnlyList<StagePip> stages, IReadOnlyDictionary<int, IReadOnlyList<string>> addedEnv, ConfigurePipOptions options)
    {
        var first = stage.Sites[0].Instruction;
        var before = stage.Stage.Instructions.TakeWhile(i => !ReferenceEquals(i, first)).ToList();
        var args = before.Where(i => i.Command == "ARG").SelectMany(SettingRemoval.NamesOf).ToHashSet(StringComparer.Ordinal);
        var env = InheritedEnv(stage.Stage, stages, addedEnv).Concat(before.Where(i => i.Command == "ENV").SelectMany(SettingRemoval.NamesOf)).ToHashSet(StringComparer.Ordinal);

        var lines = new List<string>();
        var missingArgs = options.MirrorArgs.Where(a => !args.Contains(a)).ToList();
        lines.AddRange(missingArgs.Select(a => $"ARG {a}"));
        if (missingArgs.Count > 0)
            plan.Row(stage.Stage, first.StartLine, ChangeKind.Added, string.Join(", ", missingArgs.Select(a => "ARG " + a)),
                "lets a build point pip at a local mirror with --build-arg; an arg left unset is not passed to RUN");

        var pairs = new List<string>();
        var sites = stage.Sites;
        if (!env.Contains("PIP_DEFAULT_TIMEOUT") && !env.Contains("PIP_TIMEOUT") && !sites.All(s => s.Invocation.Timeout is not null))
            pairs.Add($"PIP_DEFAULT_TIMEOUT={options.TimeoutSeconds}");
        if (!env.Contains("PIP_RETRIES") && !sites.All(s => s.Invocation.Retries is not null))
            pairs.Add($"PIP_RETRIES={options.Retries}");
        if (pairs.Count > 0)
        {
            lines.Add("ENV " + string.Join(" ", pairs));
            plan.Row(stage.Stage, first.StartLine, ChangeKind.Added, "ENV " + string.Join(" ", pairs),
                "pip's real timeout and retry settings (pip's defaults, 15 s and 5 retries, fail large downloads on slow networks)");
        }
        if (lines.Count > 0)
            plan.InsertBefore(first, [Marker + "pip mirror build args; timeout and retries for slow networks", .. lines]);
        return pairs.Select(p => p.Split('=')[0]).ToList();
    }

    private static IEnumerable<string> InheritedEnv(BuildStage stage, IReadOnlyList<StagePip> stages, IReadOnlyDictionary<int, IReadOnlyList<string>> addedEnv)
    {
        var seen = new HashSet<int>();
        for (var parent = stages.FirstOrDefault(s => s.Stage.Name is not null && s.Stage.Index < stage.Index && string.Equals(s.Stage.Name, stage.BaseImage, StringComparison.OrdinalIgnoreCase));
             parent is not null && seen.Add(parent.Stage.Index);
             parent = stages.FirstOrDefault(s => s.Stage.Name is not null && s.Stage.Index < parent.Stage.Index && string.Equals(s.Stage.Name, parent.Stage.BaseImage, StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var name in parent.Stage.Instructions.Where(i => i.Command == "ENV").SelectMany(SettingRemoval.NamesOf))
                yield return name;
            foreach (var name in addedEnv.GetValueOrDefault(parent.Stage.Index) ?? [])
                yield return name;
        }
    }

    private static void InstallTorchFromCpuIndex(PlanBuilder plan, StagePip stage, Func<RequirementFileRef, ResolvedRequirements?> files, TorchRequirements torch, ConfigurePipOptions options)
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var site in stage.Sites)
        {
            foreach (var file in site.Files.Where(f => files(f) is null && reported.Add(f.ImagePath)))
                plan.Row(stage.Stage, site.Instruction.StartLine, ChangeKind.Note, $"{file.ImagePath} not checked for torch",
                    $"no COPY of it from the build context found (looked for: {string.Join(", ", file.ContextCandidates.DefaultIfEmpty("nothing"))})");
            if (torch.IsCpuInstall(site))
                return;
            var requirements = TorchRequirements.Of(site, files);
            if (!torch.NeedsTorch(requirements))
                continue;
            PlanCpuInstall(plan, stage, site, requirements, files, torch, options);
            return;
        }
    }

    private static void PlanCpuInstall(
        PlanBuilder plan, StagePip stage, PipSite site, IReadOnlyList<SourcedRequirement> requirements,
        Func<RequirementFileRef, ResolvedRequirements?> files, TorchRequirements torch, ConfigurePipOptions options)
    {
        var instruction = site.Instruction;
        var invocation = site.Invocation;
        var pins = torch.Pins(requirements);
        var declared = stage.Stage.Instructions.TakeWhile(i => !ReferenceEquals(i, instruction))
            .Where(i => i.Command == "ARG").SelectMany(SettingRemoval.NamesOf).Contains(options.TorchIndexArg);

        // Options that change where torch goes, what pip may pick, or how patiently it downloads apply to it too.
        var copied = invocation.Options
            .Where(o => o.Name is "--user" or "--prefix" or "--root" or "--target" or "--break-system-packages" or "--constraint" or "--timeout" or "--retries")
            .Select(o => o.Value is null ? o.Name : $"{o.Name} {ShellQuoting.Quote(o.Value)}");
        // An empty PIP_EXTRA_INDEX_URL keeps a mirror's extra index out: pip would pool it and could pick CUDA torch.
        var words = new List<string> { "PIP_EXTRA_INDEX_URL=", invocation.LauncherText, "install" };
        if (!options.UseCacheMounts)
            words.Add("--no-cache-dir");
        words.AddRange(["--index-url", $"\"${{{options.TorchIndexArg}}}\"", .. copied, .. pins.Select(p => ShellQuoting.Quote(p.Requirement.Pin))]);
        var step = string.Join(" ", words);

        var script = site.Script;
        if (IsNested(site))
        {
            // What runs before pip inside `sh -c`/`eval` (a venv, a cd) is not known here: a step outside could use another pip.
            plan.Row(stage.Stage, instruction.StartLine, ChangeKind.Note, "CPU torch not added",
                "the install runs inside eval or sh -c, where a CPU torch step cannot be put safely; add `pip install --index-url <CPU index> torch` before it by hand");
            return;
        }
        var position = script.Commands.ToList().IndexOf(invocation.Command);
        // Commands before pip in the same RUN may create it (python -m venv, apt-get install python3-pip) or change
        // what it sees (cd, source): the CPU step then has to run right before it, in the same RUN.
        var inline = script.Commands.Take(position).Any(c => c.Arguments.FirstOrDefault()?.Value != "set");
        if (inline)
        {
            var before = position > 0 ? script.Commands[position - 1].Operator : "";
            if (script.RawStart is null || before is not ("&&" or ";" or "\n"))
            {
                plan.Row(stage.Stage, instruction.StartLine, ChangeKind.Note, "CPU torch not added",
                    $"the install follows other commands joined by '{before}', where a CPU torch step cannot be put safely; add it by hand before the install");
                return;
            }
            if (!declared)
                plan.InsertBefore(instruction, [$"ARG {options.TorchIndexArg}={options.TorchCpuIndexUrl}"]);
            var at = plan.OffsetOf(instruction) + script.RawStart(invocation.Command.Words[0].Start);
            plan.Edit(at, at, step + " && ");
        }
        else
        {
            var lines = new List<string> { Marker + "CPU-only PyTorch first; the install below then finds torch installed and fetches no CUDA wheels" };
            if (!declared)
                lines.Add($"ARG {options.TorchIndexArg}={options.TorchCpuIndexUrl}");
            lines.Add("RUN " + (options.UseCacheMounts ? $"--mount=type=cache,target={options.CacheTarget} " : "") + step);
            plan.InsertBefore(instruction, lines);
        }

        var pinText = string.Join(" ", pins.Select(p => p.Requirement.Pin));
        plan.Row(stage.Stage, instruction.StartLine, ChangeKind.Added, (inline ? "" : "RUN ") + $"{invocation.LauncherText} install --index-url ${{{options.TorchIndexArg}}} {pinText}" + (inline ? " && (same RUN, before the install)" : ""),
            $"requirements pull torch ({string.Join(", ", pins.Select(p => p.Source == "command line" || p.Requirement.Line == 0 ? p.Source : $"{p.Source}:{p.Requirement.Line}"))}); "
            + "installing it first from the CPU index keeps CUDA wheels (GBs) out; --build-arg " + options.TorchIndexArg + " points it at a mirror");
        if (invocation.Has("--upgrade") || invocation.Has("--force-reinstall") || invocation.Has("--ignore-installed"))
            plan.Row(stage.Stage, instruction.StartLine, ChangeKind.Note, "later install may replace CPU torch",
                "it uses --upgrade/--force-reinstall/--ignore-installed, so pip may fetch torch again from the default index");
        if (invocation.Prefix is not null || invocation.Target is not null || invocation.Has("--root"))
            plan.Row(stage.Stage, instruction.StartLine, ChangeKind.Note, "later install may not see CPU torch",
                "packages under --prefix/--target/--root are not on pip's path, so pip may install torch again");
        foreach (var (option, source) in site.Files.Select(files).OfType<ResolvedRequirements>().SelectMany(r => r.Options).Select(o => (o.Option, o.Source)))
        {
            if (option.Name is "--extra-index-url" or "--index-url" && torch.IsTorchIndex(option.Value))
                plan.Row(stage.Stage, instruction.StartLine, ChangeKind.Note, $"{source}:{option.Line} {option.Name} {option.Value} left as is",
                    "pip looks up every package of that file there too; torch now comes from the CPU install, so the line can go");
        }
    }

    private static void ConfigureCache(PlanBuilder plan, StagePip stage, ConfigurePipOptions options)
    {
        foreach (var group in stage.Sites.GroupBy(s => s.Instruction, ReferenceEqualityComparer.Instance))
        {
            var instruction = (Instruction)group.Key!;
            var start = plan.OffsetOf(instruction);
            var mounted = HasCacheMount(instruction, options.CacheTarget);
            if (!options.UseCacheMounts)
            {
                if (mounted)
                    plan.Row(stage.Stage, instruction.StartLine, ChangeKind.Note, "cache mount kept",
                        "cache mounts are off for this engine; dockerd's API builder rejects RUN --mount");
                continue;
            }
            var user = NonRootUser(plan, stage.Stage, instruction, options);
            if (user is not null)
                plan.Row(stage.Stage, instruction.StartLine, ChangeKind.Note, $"pip runs as USER {user}",
                    $"its cache is in that user's home, not {options.CacheTarget}, so --no-cache-dir and PIP_NO_CACHE_DIR stay (wheels would land in the layer): set the cache target option for this stage");
            if (!mounted)
            {
                plan.Edit(start + instruction.Logical.ToRaw(instruction.KeywordEnd), start + instruction.Logical.ToRaw(instruction.KeywordEnd),
                    $" --mount=type=cache,target={options.CacheTarget}");
                plan.Row(stage.Stage, instruction.StartLine, ChangeKind.Modified, $"RUN --mount=type=cache,target={options.CacheTarget}",
                    "pip keeps downloaded wheels between builds instead of fetching them again");
            }
            foreach (var site in group.Where(_ => user is null))
                RemoveNoCacheDir(plan, stage, site, start);
        }
    }

    private static void RemoveNoCacheDir(PlanBuilder plan, StagePip stage, PipSite site, int instructionStart)
    {
        foreach (var option in site.Invocation.Options.Where(o => o.Name == "--no-cache-dir"))
        {
            var script = site.Script;
            if (IsNested(site))
            {
                plan.Row(stage.Stage, site.Instruction.StartLine, ChangeKind.Note, "--no-cache-dir kept",
                    "the install runs inside eval or sh -c, whose words are not edited; remove --no-cache-dir by hand so the cache mount is used");
                continue;
            }
            if (script.RawStart is null || script.RawEnd is null)
            {
                plan.Row(stage.Stage, site.Instruction.StartLine, ChangeKind.Note, "--no-cache-dir kept",
                    "exec-form (JSON) RUN: the cache mount is added but the command's words are not edited; remove --no-cache-dir by hand so the cache mount is used");
                continue;
            }
            var escape = script.Heredoc is null ? plan.Escape : '\\';
            var (from, to) = OptionRemoval.Range(plan.Text,
                instructionStart + script.RawStart(option.Words[0].Start),
                instructionStart + script.RawEnd(option.Words[^1].End), escape);
            plan.Edit(from, to, "");
            plan.Row(stage.Stage, site.Instruction.StartLine, ChangeKind.Removed, "--no-cache-dir",
                "it would bypass the cache mount");
        }
    }

    // Found inside `eval`/`sh -c`: its words are parsed from another word's value and have no place in the file.
    private static bool IsNested(PipSite site) => !site.Script.Commands.Any(c => ReferenceEquals(c, site.Invocation.Command));

    private static bool HasCacheMount(Instruction instruction, string target) =>
        instruction.FlagValues("mount").Any(mount =>
        {
            var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in mount.Split(',').Select(p => p.Split('=', 2)))
                parts[pair[0].Trim()] = pair.Length > 1 ? pair[1].Trim() : "";
            var destination = parts.GetValueOrDefault("target") ?? parts.GetValueOrDefault("dst") ?? parts.GetValueOrDefault("destination");
            return parts.GetValueOrDefault("type") == "cache" && destination?.TrimEnd('/') == target.TrimEnd('/');
        });
}
