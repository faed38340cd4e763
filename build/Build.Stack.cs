using Pipeline.Build;
using Pipeline.Dockerfiles.ConfigurePip;
using Pipeline.Stack;
using Pipeline.Verify.Checks;

/// <summary>
/// The stack targets: what `./build.sh Rebuild` does to a compose stack of Python services.
/// Each target also runs alone (`./build.sh Verify --services aidb`); Rebuild (in Build.cs) runs them all, in
/// the order their After relations give.
/// </summary>
partial class Build
{
    Target Stop => _ => _
        .Description("Stops the stack's running containers (grace period, then kill).")
        .Executes(ct => Run(Stack.StopAsync, ct));

    Target ConfigurePip => _ => _
        .Description("Hardens pip in every Dockerfile: timeouts, retries, cache mounts, CPU-only torch first.")
        .After(Stop)
        .Executes(ct => Run(Stack.ConfigurePipAsync, ct));

    Target LockCpu => _ => _
        .Description("Points Python projects at the PyTorch CPU index, re-locks, and audits locks for CUDA packages.")
        .After(ConfigurePip)
        .Executes(ct => Run(Stack.LockCpuAsync, ct));

    Target BaseImage => _ => _
        .Description("Makes the mapped Python base images: pulled from --base-image-registry, else bootstrapped from the Debian mirror.")
        .Executes(ct => Run(Stack.BaseImageAsync, ct));

    Target BuildParallel => _ => _
        .Description("Builds the stack's images in parallel through the engine API, against the package index.")
        .DependsOn(BaseImage)
        .After(LockCpu)
        .Executes(ct => Run(Stack.BuildParallelAsync, ct));

    Target Verify => _ => _
        .Description("Checks inside every image: no CUDA packages, CPU torch, size budgets, pip settings.")
        .After(BuildParallel)
        .Executes(ct => Run(c => Stack.VerifyAsync(Checks, c), ct));

    /// <summary>Checks Verify runs: the built-ins, plus the stack's own (add yours here).</summary>
    CheckSet Checks => CheckSet.BuiltIn()
        .Add(new CommandCheck("python-runs", "python --version"));
}
