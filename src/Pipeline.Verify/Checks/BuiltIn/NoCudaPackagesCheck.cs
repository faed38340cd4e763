using Pipeline.Python.Audit;
using Pipeline.Verify.Probing;

namespace Pipeline.Verify.Checks.BuiltIn;

/// <summary>
/// Fails when CUDA distributions (<c>nvidia-*</c>, <c>cuda-*</c>, triton, torch/torchvision/torchaudio builds that
/// are not <c>+cpu</c>; not <c>nvidia-ml-py</c>) are installed: they add gigabytes to CPU-only images. The rules are
/// the lock audit's (<see cref="CudaClassifier.Classify"/>). Lists installed distributions with importlib.metadata of
/// the interpreter the image really runs (<see cref="InterpreterProbe"/>, named in the result), or from metadata files
/// when the image has no Python.
/// </summary>
internal sealed class NoCudaPackagesCheck() : ImageCheck(CheckName)
{
    /// <summary>The check's name.</summary>
    public const string CheckName = "no-cuda-packages";

    /// <inheritdoc />
    public override async Task<CheckOutcome> RunAsync(ICheckContext context, CancellationToken ct)
    {
        var output = await context.RunAsync(DistributionProbe.Script(InterpreterProbe.Candidates(context.Image)), ct);
        if (!output.Succeeded)
            return CheckOutcome.Fail($"could not list Python distributions: {output.Describe()}", output);

        var installed = DistributionProbe.Parse(output.Stdout);
        var cuda = DistributionProbe.Cuda(installed);
        var source = DistributionProbe.Source(output.Stdout) ?? "unknown source";
        // Which environment was read: a micromamba or venv image may carry several Pythons.
        source += DistributionProbe.Interpreter(output.Stdout) is { } python ? $" of {python}" : "; no Python interpreter found";
        if (cuda.Count > 0)
            return CheckOutcome.Fail($"CUDA packages installed: {string.Join(", ", cuda)} (from {source})", output);
        return CheckOutcome.Pass($"no CUDA packages among {installed.Count} distributions (from {source})");
    }
}
