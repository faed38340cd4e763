using Pipeline.Verify.Probing;

namespace Pipeline.Verify.Checks.BuiltIn;

/// <summary>
/// Where torch is installed: its version must carry <c>+cpu</c>, <c>torch.version.cuda</c> must be None
/// and <c>torch.cuda.is_available()</c> False, as the interpreter the image really runs sees it
/// (<see cref="InterpreterProbe"/>, named in the result). Without a Python only the version can be read: the
/// runtime half is reported as skipped, not failed.
/// </summary>
internal sealed class TorchCpuCheck() : ImageCheck(CheckName)
{
    /// <summary>The check's name.</summary>
    public const string CheckName = "torch-cpu-only";

    /// <inheritdoc />
    public override async Task<CheckOutcome> RunAsync(ICheckContext context, CancellationToken ct)
    {
        var output = await context.RunAsync(TorchProbe.Script(InterpreterProbe.Candidates(context.Image)), ct);
        if (output.TimedOut)
            return CheckOutcome.Fail($"torch probe {output.Describe()}", output);

        var probe = TorchProbe.Parse(output.Stdout);
        if (!probe.Installed)
            return output.Succeeded
                ? CheckOutcome.Skip("torch is not installed")
                : CheckOutcome.Fail($"torch probe failed: {output.Describe()}", output);

        var problems = probe.Problems();
        if (problems.Count > 0)
            return CheckOutcome.Fail(string.Join("; ", problems) + (probe.PythonAvailable ? $" (python: {probe.Interpreter})" : $" ({TorchProbeResult.PythonAbsentNote})"), output);
        if (!output.Succeeded || (probe.PythonAvailable && !probe.CudaReported))
            return CheckOutcome.Fail($"torch {probe.Version} is installed but `import torch` failed: {output.Describe()}", output);
        return probe.PythonAvailable
            ? CheckOutcome.Pass($"torch {probe.Version}, torch.version.cuda is None, CUDA not available (python: {probe.Interpreter})")
            : CheckOutcome.Pass($"torch {probe.Version}; {TorchProbeResult.PythonAbsentNote}");
    }
}
