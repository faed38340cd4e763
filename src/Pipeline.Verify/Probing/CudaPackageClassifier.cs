namespace Pipeline.Verify.Probing;

/// <summary>
/// Decides whether a Python distribution is part of the CUDA stack, with the same rules as the lock
/// audit: <c>nvidia-*</c> (cu11/cu12/cu13 suffixed or not), <c>cuda-*</c> (cuda-toolkit, cuda-bindings,
/// cuda-python), and triton; <c>nvidia-ml-py</c> (a small NVML monitoring library) is not CUDA.
/// Kept here in one file until the lead unifies it with Pipeline.Python's classifier.
/// </summary>
public static class CudaPackageClassifier
{
    private static readonly HashSet<string> NotCuda = new(StringComparer.Ordinal) { "nvidia-ml-py", "nvidia-ml-py3" };
    private static readonly HashSet<string> Exact = new(StringComparer.Ordinal) { "triton", "pytorch-triton" };

    /// <summary>True when <paramref name="distributionName"/> (any spelling: <c>nvidia_cublas_cu12</c>, <c>NVIDIA-Cublas-CU12</c>) is a CUDA package.</summary>
    public static bool IsCuda(string distributionName)
    {
        var name = Normalize(distributionName);
        if (NotCuda.Contains(name)) return false;
        return Exact.Contains(name)
            || name.StartsWith("nvidia-", StringComparison.Ordinal)
            || name.StartsWith("cuda-", StringComparison.Ordinal);
    }

    /// <summary>PEP 503 normalisation: lower case, runs of <c>-</c>, <c>_</c> and <c>.</c> become one <c>-</c>.</summary>
    public static string Normalize(string distributionName)
    {
        var builder = new System.Text.StringBuilder(distributionName.Length);
        var lastWasSeparator = false;
        foreach (var c in distributionName.Trim())
        {
            if (c is '-' or '_' or '.')
            {
                if (!lastWasSeparator) builder.Append('-');
                lastWasSeparator = true;
            }
            else
            {
                builder.Append(char.ToLowerInvariant(c));
                lastWasSeparator = false;
            }
        }
        return builder.ToString();
    }
}
