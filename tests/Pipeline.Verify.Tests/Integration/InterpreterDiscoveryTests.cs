using Pipeline.Containers.Engine;
using Pipeline.Testing;
using Pipeline.Verify.Checks;
using Pipeline.Verify.Checks.BuiltIn;
using Pipeline.Verify.Probing;
using Pipeline.Verify.Reporting;

namespace Pipeline.Verify.Tests.Integration;

/// <summary>
/// Two micromamba-like images on the bootstrapped Python base (<see cref="MambaLikeImage"/>): the environment's Python
/// under /opt/conda/envs/app, none on PATH, an activation entrypoint. One has a CUDA torch and cuBLAS in that
/// environment, the other a CPU torch.
/// </summary>
public sealed class MambaImages : IAsyncLifetime
{
    public const string Cuda = "localhost/pipeline-verify-test-mamba-cuda:latest";
    public const string Cpu = "localhost/pipeline-verify-test-mamba-cpu:latest";

    public EngineSession Engine { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Engine = await (await PodmanService.GetAsync()).ConnectAsync();
        await MambaLikeImage.BuildAsync(Engine, Cuda,
            new Dictionary<string, string> { ["torch"] = "2.5.1", ["nvidia-cublas-cu12"] = "12.4.5.8" }, torchCuda: "\"12.4\"");
        await MambaLikeImage.BuildAsync(Engine, Cpu, new Dictionary<string, string> { ["torch"] = "2.5.1+cpu" }, torchCuda: "None");
    }

    public async Task DisposeAsync() => await Engine.DisposeAsync();
}

public sealed class InterpreterDiscoveryTests(MambaImages images) : IClassFixture<MambaImages>, IDisposable
{
    private const string Probed = $"{MambaLikeImage.Interpreter} (MAMBA_ROOT_PREFIX, ENV_NAME)";
    private readonly TempDirectory _root = new("verify-mamba");

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task The_checks_probe_the_conda_environment_the_entrypoint_activates_and_say_so()
    {
        var result = await new ImageVerifier(images.Engine).VerifyAsync(new VerifyOptions
        {
            Targets = [new VerifyTarget("ml", MambaImages.Cuda), new VerifyTarget("api", MambaImages.Cpu)],
            RootDirectory = _root.Path,
            Checks = new CheckSet().Add(new NoCudaPackagesCheck()).Add(new TorchCpuCheck()),
            ReuseStorePath = null,
            CommandTimeout = TimeSpan.FromSeconds(60),
        }, CancellationToken.None);

        CheckResult Row(string service, string check) => Assert.Single(result.Results, r => r.Service == service && r.Check == check);
        var cuda = Row("ml", NoCudaPackagesCheck.CheckName);
        Assert.Equal(CheckStatus.Failed, cuda.Status);
        Assert.Equal($"CUDA packages installed: nvidia-cublas-cu12 12.4.5.8, torch 2.5.1 (from importlib.metadata of {Probed})", cuda.Reason);
        // The runtime half ran in that environment: torch.version.cuda came from the environment's torch module.
        var torch = Row("ml", TorchCpuCheck.CheckName);
        Assert.Equal(CheckStatus.Failed, torch.Status);
        Assert.Equal($"torch 2.5.1 is not a +cpu build; torch.version.cuda is 12.4 (python: {Probed})", torch.Reason);

        Assert.Equal(CheckStatus.Passed, Row("api", NoCudaPackagesCheck.CheckName).Status);
        Assert.Equal($"torch 2.5.1+cpu, torch.version.cuda is None, CUDA not available (python: {Probed})", Row("api", TorchCpuCheck.CheckName).Reason);
    }

    [Fact]
    public async Task An_image_is_asked_for_the_python_its_entrypoint_runs()
    {
        var python = await ImagePythonQuery.AskAsync(images.Engine, MambaImages.Cpu, null, CancellationToken.None);

        Assert.NotNull(python);
        Assert.Equal(new ProbedInterpreter(MambaLikeImage.Interpreter, "MAMBA_ROOT_PREFIX, ENV_NAME"), python.Interpreter);
        Assert.StartsWith("3.11.", python.Version); // the bookworm base's Python
        Assert.Equal(("x86_64", "glibc", "2.36"), (python.Machine, python.Libc, python.LibcVersion));
        Assert.Equal((await images.Engine.Client.Images.InspectImageAsync(MambaImages.Cpu)).ID, python.ImageId);
        Assert.Null(await ImagePythonQuery.AskAsync(images.Engine, "localhost/pipeline-no-such-image:never", null, CancellationToken.None));
    }
}
