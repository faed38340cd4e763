using Pipeline.Python.Audit;
using Pipeline.Verify.Probing;

namespace Pipeline.Verify.Checks.BuiltIn;

/// <summary>
/// Fails when CUDA distributions (<c>nvidia-*</c>, <c>cuda-*</c>, triton, torch/torchvision/torchaudio builds that
/// are not <c>+cpu</c>; not <c>nvidia-ml-py</c>) are installed: they add gigabytes to CPU-only images. The rules are
/// the lock audit's (<see cref="CudaClassifier.Classify"/>). Lists installed distributions with
/// importlib.metadata, or from metadata files when the image has no python3.
/// </summary>
public sealed class NoCudaPackagesCheck() : ImageCheck(CheckName)
{
    /// <summary>The check's name.</summary>
    public const string CheckName = "no-cuda-packages";

    /// <inheritdoc />
    public override async Task<CheckOutcome> RunAsync(ICheckContext context, CancellationToken ct)
    {
        var output = await context.RunAsync(DistributionProbe.Script, ct);
        if (!output.Succeeded)
            return CheckOutcome.Fail($"could not list Python distributions: {output.Describe()}", output);

        var installed = DistributionProbe.Parse(output.Stdout);
        var cuda = DistributionProbe.Cuda(installed);
        var source = DistributionProbe.Source(output.Stdout) ?? "unknown source";
        if (cuda.Count > 0)
            return CheckOutcome.Fail($"CUDA packages installed: {string.Join(", ", cuda)} (from {source})", output);
        return CheckOutcome.Pass($"no CUDA packages among {installed.Count} distributions (from {source})");
    }
}
