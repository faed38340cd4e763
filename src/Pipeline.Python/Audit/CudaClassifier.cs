using Pipeline.Python.Markers;
using Pipeline.Packaging;

namespace Pipeline.Python.Audit;

/// <summary>
/// Decides whether a package is part of the CUDA payload: <c>nvidia-*-cu11/cu12/cu13</c>, the unsuffixed
/// NVIDIA runtime wheels newer torch pulls (<c>nvidia-cublas</c>, ...), <c>cuda-toolkit</c>,
/// <c>cuda-bindings</c>, <c>triton</c>, and torch-family builds that are not <c>+cpu</c> on Linux (PyPI's Linux
/// torch is the CUDA build). <c>nvidia-ml-py</c> is a small monitoring library and is not flagged.
/// </summary>
public static class CudaClassifier
{
    /// <summary>The PyTorch packages whose Linux builds come in CPU and CUDA flavours.</summary>
    public static readonly IReadOnlySet<string> TorchFamily = PackageIndexes.TorchPackages.ToHashSet(StringComparer.Ordinal);

    private static readonly string[] NvidiaRuntimeStems =
    [
        "cublas", "cuda-cupti", "cuda-nvrtc", "cuda-runtime", "cuda-nvcc", "cudnn", "cufft", "cufile", "curand",
        "cusolver", "cusparse", "cusparselt", "nccl", "nvjitlink", "nvtx", "nvshmem", "npp", "nvjpeg", "nvml-dev",
    ];

    private static readonly HashSet<string> CudaNames = ["cuda-toolkit", "cuda-bindings", "cuda-python", "triton", "pytorch-triton"];

    /// <summary>Classifies one package for a target.</summary>
    public static AuditVerdict Classify(string name, string version, TargetPlatform target)
    {
        var n = ProjectName.Normalize(name);
        if (TorchFamily.Contains(n))
        {
            var local = PythonVersion.TryParse(version)?.Local;
            // PyTorch's CPU wheels are "+cpu", and on some indexes "+cpu.cxx11.abi"; a "cuNNN" segment anywhere is CUDA.
            var segments = local?.Split('.') ?? [];
            if (segments is ["cpu", ..] && !segments.Any(IsCudaSegment))
                return AuditVerdict.CpuBuild;
            if (local is not null && local.StartsWith("cu", StringComparison.Ordinal))
                return AuditVerdict.Cuda;
            // Without a local label, PyPI's torch for Linux is the CUDA build; elsewhere it is CPU-only.
            return target.SysPlatform == "linux" ? AuditVerdict.Cuda : AuditVerdict.Ok;
        }
        return IsCudaPackage(n) ? AuditVerdict.Cuda : AuditVerdict.Ok;
    }

    private static bool IsCudaSegment(string segment) =>
        segment.Length > 2 && segment.StartsWith("cu", StringComparison.Ordinal) && segment[2..].All(char.IsAsciiDigit);

    /// <summary>True for CUDA runtime packages by name alone (torch-family excluded).</summary>
    public static bool IsCudaPackage(string name)
    {
        var n = ProjectName.Normalize(name);
        if (CudaNames.Contains(n))
            return true;
        if (!n.StartsWith("nvidia-", StringComparison.Ordinal) || n == "nvidia-ml-py")
            return false;
        if (n.EndsWith("-cu11", StringComparison.Ordinal) || n.EndsWith("-cu12", StringComparison.Ordinal) || n.EndsWith("-cu13", StringComparison.Ordinal))
            return true;
        var stem = n["nvidia-".Length..];
        return NvidiaRuntimeStems.Contains(stem);
    }
}
