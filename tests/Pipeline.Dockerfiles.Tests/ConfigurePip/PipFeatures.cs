using Pipeline.Dockerfiles.Pip;
using Pipeline.Dockerfiles.Shell;
using Pipeline.Dockerfiles.Syntax;

namespace Pipeline.Dockerfiles.Tests.ConfigurePip;

/// <summary>What a parsed Dockerfile stage does about pip, read from instructions, flags and pip invocations.</summary>
internal sealed record PipFeatures(
    string? Timeout,
    string? Retries,
    bool EveryPipRunHasCacheMount,
    bool AnyNoCacheDir,
    bool CpuTorchBeforeRequirementsInstall,
    IReadOnlyList<string> TorchPins,
    IReadOnlyList<string> DeadSettings,
    IReadOnlyList<string> Args,
    int EnvTimeoutDeclarations,
    bool HasHeredocs)
{
    private static readonly string[] Dead = ["PIP_PARALLEL_BUILDS", "HTTP_TIMEOUT"];

    public static PipFeatures Of(BuildStage stage)
    {
        var runs = stage.Instructions.Select(i => (Instruction: i, Pips: RunScript.Of(i).SelectMany(s => PipInvocationFinder.FindAll(s.Commands)).ToList())).ToList();
        var pipRuns = runs.Where(r => r.Pips.Count > 0).ToList();
        var invocations = pipRuns.SelectMany(r => r.Pips).ToList();
        var env = stage.Instructions.Where(i => i.Command == "ENV").SelectMany(i => i.KeyValues).ToList();
        var configSet = runs.SelectMany(r => RunScript.Of(r.Instruction)).SelectMany(s => s.Commands)
            .Select(c => c.Arguments.Select(w => w.Value).ToList())
            .Where(w => w.Count >= 5 && w[0] == "pip" && w[1] == "config" && w[2] == "set")
            .ToDictionary(w => w[3], w => w[4]);

        string? Setting(string flag, params string[] names) =>
            env.Where(kv => names.Contains(kv.Key)).Select(kv => kv.Value).LastOrDefault()
            ?? (invocations.Count > 0 && invocations.All(i => i.ValuesOf(flag).Any()) ? invocations[^1].ValuesOf(flag).Last() : null)
            ?? configSet.GetValueOrDefault("global." + flag.TrimStart('-'));

        var cpuIndex = invocations.FindIndex(i => i.IndexUrl is { } url && (url.Contains("download.pytorch.org/whl/cpu", StringComparison.Ordinal) || url.Contains("PIP_TORCH_INDEX_URL", StringComparison.Ordinal))
            && i.Specs.Any(s => s.Value.StartsWith("torch", StringComparison.Ordinal)));
        var requirementsIndex = invocations.FindIndex(i => i.RequirementFiles.Any());
        return new PipFeatures(
            Setting("--timeout", "PIP_DEFAULT_TIMEOUT", "PIP_TIMEOUT"),
            Setting("--retries", "PIP_RETRIES"),
            pipRuns.Count > 0 && pipRuns.All(r => r.Instruction.FlagValues("mount").Any(m => m.Contains("type=cache", StringComparison.Ordinal) && m.Contains("target=/root/.cache/pip", StringComparison.Ordinal))),
            invocations.Any(i => i.NoCacheDir),
            cpuIndex >= 0 && requirementsIndex > cpuIndex,
            cpuIndex >= 0 ? invocations[cpuIndex].Specs.Select(s => s.Value).ToList() : [],
            stage.Instructions.Where(i => i.Command is "ENV" or "ARG").SelectMany(i => i.Command == "ENV" ? i.KeyValues.Select(kv => kv.Key) : i.Arguments.Select(a => a.Split('=')[0])).Where(Dead.Contains).ToList(),
            stage.Instructions.Where(i => i.Command == "ARG").SelectMany(i => i.Arguments).ToList(),
            stage.Instructions.Count(i => i.Command == "ENV" && i.KeyValues.Any(kv => kv.Key == "PIP_DEFAULT_TIMEOUT")),
            stage.Instructions.Any(i => i.Heredocs.Count > 0));
    }
}
