using Pipeline.Python.Audit;

namespace Pipeline.Python.Conda;

/// <summary>
/// Audits a conda environment for CUDA payload, in the same table as pip locks (sizes unknown: conda files carry
/// none; the note column names each entry's <c>file:line</c>). CUDA: <c>pytorch-cuda</c>, <c>cudatoolkit</c>,
/// <c>cuda-*</c>, <c>pytorch-gpu</c>, the NVIDIA libraries conda-forge ships (<c>cudnn</c>, <c>nccl</c>,
/// <c>libcublas</c>, ...), any build whose string has <c>cuda</c>, and <c>pytorch</c> from the <c>pytorch</c>
/// channel when the environment lacks <c>cpuonly</c> (that channel's Linux default is the CUDA build).
/// pip entries are classified as pip locks are. Pure.
/// </summary>
internal static class CondaAuditor
{
    private static readonly HashSet<string> CudaNames = ["pytorch-cuda", "cudatoolkit", "pytorch-gpu", "cudnn", "nccl", "cutensor"];
    private static readonly string[] CudaLibraryPrefixes = ["libcublas", "libcufft", "libcurand", "libcusolver", "libcusparse", "libnvjitlink", "libcudnn", "libnccl"];
    private static readonly HashSet<string> TorchFamily = ["pytorch", "torchvision", "torchaudio"];

    /// <summary>The audit table of <paramref name="environment"/> for <paramref name="target"/>.</summary>
    public static AuditTable Audit(CondaEnvironment environment, TargetPlatform target)
    {
        var cpuOnly = environment.Packages.Any(p => p.Name == "cpuonly");
        var defaultChannel = environment.Channels.FirstOrDefault() ?? "";
        var subdir = target.SysPlatform == "linux" ? target.PlatformMachine == "x86_64" ? "linux-64" : $"linux-{target.PlatformMachine}" : null;
        var rows = new List<AuditRow>();
        foreach (var p in environment.Packages)
        {
            var channel = p.Channel.Length > 0 ? p.Channel : p.Manager == "conda" ? defaultChannel : "pypi";
            var verdict = p.Platform is not null && subdir is not null && p.Platform != subdir && p.Platform != "noarch"
                ? AuditVerdict.NotForTarget
                : p.Manager == "pip" ? CudaClassifier.Classify(p.Name, p.Version, target)
                : Classify(p, channel, cpuOnly);
            var version = p.Build.Length > 0 ? $"{p.Version} {p.Build}" : p.Version;
            rows.Add(new AuditRow(p.Name, version.Length > 0 ? version : "(any)", channel.Length > 0 ? channel : "(default channel)", null, verdict,
                $"{environment.Path}:{p.Line}"));
        }
        return new AuditTable(environment.Path, target, rows);
    }

    private static AuditVerdict Classify(CondaPackage p, string channel, bool cpuOnly)
    {
        var build = p.Build.ToLowerInvariant();
        if (build.Contains("cuda", StringComparison.Ordinal))
            return AuditVerdict.Cuda;
        if (CudaNames.Contains(p.Name) || p.Name.StartsWith("cuda-", StringComparison.Ordinal)
            || CudaLibraryPrefixes.Any(prefix => p.Name.StartsWith(prefix, StringComparison.Ordinal)))
            return AuditVerdict.Cuda;
        if (TorchFamily.Contains(p.Name))
        {
            if (build.Contains("cpu", StringComparison.Ordinal) || (cpuOnly && p.Name == "pytorch"))
                return AuditVerdict.CpuBuild;
            if (p.Name == "pytorch" && channel == "pytorch")
                return AuditVerdict.Cuda;
        }
        return AuditVerdict.Ok;
    }
}
