using Pipeline.Build;
using Pipeline.Python.LockCpu;

namespace Pipeline.Stack.Component;

/// <summary>
/// The LockCpu target and its parameters: <c>./build.sh LockCpu --routed-index-url http://127.0.0.1:8080/routed/simple/</c>
/// resolves every service once against the package proxy; <c>--check</c> only audits.
/// </summary>
public partial interface IContainerStack
{
    /// <summary>Audit only.</summary>
    [Parameter("LockCpu: audit only; fail on CUDA packages or non-+cpu torch.")]
    bool Check => ParameterValue(() => Check, false);

    /// <summary>Lock files to audit instead of the stack's projects.</summary>
    [Parameter("LockCpu: lock files to audit instead of the stack's projects.")]
    AbsolutePath[] LockFiles => ParameterValue(() => LockFiles, []);

    /// <summary>CPython version for every service.</summary>
    [Parameter("LockCpu: CPython version for every service (default: each service's Dockerfile FROM python:X.Y).")]
    [SetsOption("StackTargetOptions.PythonVersion")]
    string? PythonVersion => ParameterValue(() => PythonVersion, null);

    /// <summary>The uv executable.</summary>
    [Parameter("LockCpu: the uv executable.")]
    [SetsOption("LockCpuOptions.UvExecutable")]
    string Uv => ParameterValue(() => Uv, new LockCpuOptions().UvExecutable);

    /// <summary>A routed index to resolve against, at run time only.</summary>
    [Parameter("LockCpu: a routed index (package proxy: torch only from the CPU index) to resolve against, at run time only.")]
    [SetsOption("LockCpuOptions.RoutedIndexUrl")]
    string? RoutedIndexUrl => ParameterValue(() => RoutedIndexUrl, null);

    /// <summary>Re-lock even when a lock's recorded inputs are unchanged.</summary>
    [Parameter("LockCpu: re-lock even when a lock's recorded inputs are unchanged.")]
    bool Force => ParameterValue(() => Force, false);

    /// <summary>LockCpu's options from its parameters.</summary>
    LockCpuOptions ConfigureLockCpu(LockCpuOptions options) => options with
    {
        LockFiles = LockFiles.Select(l => (string)l).ToList(),
        Check = Check,
        Force = Force,
        UvExecutable = Uv,
        RoutedIndexUrl = RoutedIndexUrl,
    };

    /// <summary>Points Python projects at the CPU index, re-locks what changed and audits.</summary>
    Target LockCpu => _ => _
        .Description("Points Python projects at the PyTorch CPU index, re-locks what changed (per service Python), and audits locks for CUDA packages.")
        .After(ConfigurePip)
        .Requires(() => OptionsAreValid(nameof(LockCpu)))
        .Executes(ct => RunStep(Stack.LockCpuAsync, ct));
}
