using Pipeline.Python.Audit;

namespace Pipeline.Verify.Probing;

/// <summary>What the torch probe found, and the pure evaluation of it against "CPU-only torch".</summary>
/// <param name="Installed">Whether a torch distribution is installed.</param>
/// <param name="PythonAvailable">Whether the image has a Python interpreter (the runtime checks need it).</param>
/// <param name="Version">torch's version, e.g. <c>2.5.1+cpu</c>.</param>
/// <param name="CudaVersion"><c>torch.version.cuda</c>; null when it is None or was not reported.</param>
/// <param name="CudaReported">Whether the runtime answered <c>torch.version.cuda</c> at all (false when import failed).</param>
/// <param name="CudaAvailable"><c>torch.cuda.is_available()</c>; null when not reported.</param>
internal sealed record TorchProbeResult(
    bool Installed, bool PythonAvailable, string? Version, string? CudaVersion, bool CudaReported, bool? CudaAvailable)
{
    /// <summary>Message used when the runtime half of the check cannot run.</summary>
    public const string PythonAbsentNote = "no Python interpreter found in the image: torch runtime checks skipped";

    /// <summary>The interpreter that answered, or null when none ran.</summary>
    public ProbedInterpreter? Interpreter { get; init; }

    /// <summary>The problems that make this torch not a CPU-only build; empty when it is one (as far as could be seen).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!Installed) return problems;
        // The lock audit's rule: only a +cpu local version is the CPU build (a bare version on Linux is PyPI's CUDA one).
        if (Version is null || new InstalledDistribution("torch", Version).Verdict != AuditVerdict.CpuBuild)
            problems.Add($"torch {Version ?? "(unknown version)"} is not a +cpu build");
        if (CudaVersion is not null)
            problems.Add($"torch.version.cuda is {CudaVersion}");
        if (CudaAvailable == true)
            problems.Add("torch.cuda.is_available() is True");
        return problems;
    }
}
