using Pipeline.Build;
using Pipeline.Verify;

namespace Pipeline.Stack.Component;

/// <summary>The Verify target and its parameters; its checks are <see cref="IContainerStack.Checks"/>.</summary>
public partial interface IContainerStack
{
    /// <summary>Seconds one check command may run.</summary>
    [Parameter("Verify: seconds one check command may run.")]
    [SetsOption("VerifyOptions.CommandTimeout")]
    int VerifyTimeout => ParameterValue(() => VerifyTimeout, VerifyOptions.DefaultCommandTimeoutSeconds);

    /// <summary>Checks running at once, over all images.</summary>
    [Parameter("Verify: checks running at once, over all images.")]
    [SetsOption("VerifyOptions.MaxParallelism")]
    int VerifyParallelism => ParameterValue(() => VerifyParallelism, VerifyOptions.DefaultMaxParallelism);

    /// <summary>Size budget for services without x-pipeline size-budget.</summary>
    [Parameter("Verify: size budget for services without x-pipeline size-budget, e.g. 2GB.")]
    [SetsOption("StackTargetOptions.DefaultSizeBudget")]
    string? SizeBudget => ParameterValue(() => SizeBudget, null);

    /// <summary>Directory for junit.xml and summary.md.</summary>
    [Parameter("Verify: directory for junit.xml and summary.md (default: artifacts/verify).")]
    AbsolutePath? VerifyReports => ParameterValue(() => VerifyReports, null);

    /// <summary>Verify's options from its parameters.</summary>
    VerifyOptions ConfigureVerify(VerifyOptions options) => (VerifyReports is { } reports
        ? options with
        {
            JUnitPath = reports / "junit.xml",
            SummaryPath = reports / "summary.md",
            SizeHistoryPath = reports / "image-sizes.json",
        }
        : options) with
    {
        MaxParallelism = VerifyParallelism,
        CommandTimeout = TimeSpan.FromSeconds(VerifyTimeout),
    };

    /// <summary>Checks inside every image.</summary>
    Target Verify => _ => _
        .Description("Checks inside every image: no CUDA packages, CPU torch, size budgets, pip settings.")
        .After(BuildParallel)
        .Requires(() => OptionsAreValid(nameof(Verify)))
        .Executes(ct => RunStep(c => Stack.VerifyAsync(Checks, c), ct));
}
