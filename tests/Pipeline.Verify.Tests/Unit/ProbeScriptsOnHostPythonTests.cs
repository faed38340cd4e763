using System.Diagnostics;
using Pipeline.Testing;
using Pipeline.Verify.Probing;

namespace Pipeline.Verify.Tests.Unit;

/// <summary>
/// Runs the probe scripts with the host's real /bin/sh and python3 (as they run in an image that has
/// python3), against stand-in distributions and a stand-in torch module put first on PYTHONPATH.
/// </summary>
public class ProbeScriptsOnHostPythonTests : IDisposable
{
    private readonly TempDirectory _site = new("verify-site");

    public void Dispose() => _site.Dispose();

    // An image that says nothing about its Python: python3 on PATH is what runs.
    private static readonly IReadOnlyList<InterpreterCandidate> OnPath = InterpreterProbe.Candidates([], [], new Dictionary<string, string>());

    // A real environment with its own interpreter (a venv of the host's Python), laid out as conda/micromamba do.
    private async Task<string> EnvironmentAsync(string prefix, params (string Name, string Version)[] distributions)
    {
        var python = Path.Combine(prefix, "bin", "python");
        using (var venv = Process.Start(new ProcessStartInfo("python3", ["-m", "venv", "--without-pip", prefix]) { RedirectStandardError = true })!)
        {
            await venv.WaitForExitAsync();
            Assert.True(venv.ExitCode == 0, await venv.StandardError.ReadToEndAsync());
        }
        var site = Directory.GetDirectories(Path.Combine(prefix, "lib")).Single();
        foreach (var (name, version) in distributions)
            _site.Write(Path.Combine(Path.GetRelativePath(_site.Path, site), "site-packages", $"{name.Replace('-', '_')}-{version}.dist-info", "METADATA"),
                $"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n");
        return python;
    }

    [Fact]
    public async Task The_distribution_probe_reads_the_python_the_entrypoint_runs_not_the_one_on_path()
    {
        var python = await EnvironmentAsync(_site.Combine("opt", "conda", "envs", "app"), ("nvidia-cublas-cu12", "12.4.5.8"));
        var candidates = InterpreterProbe.Candidates([python, "-m", "app"], [], new Dictionary<string, string>());

        var output = await RunAsync(DistributionProbe.Script(candidates), pythonPath: null);

        Assert.Equal(new ProbedInterpreter(python, "entrypoint"), DistributionProbe.Interpreter(output));
        Assert.Contains(new InstalledDistribution("nvidia-cublas-cu12", "12.4.5.8"), DistributionProbe.Parse(output));
        // The host's python3 (what PATH finds) does not see that environment.
        var onPath = await RunAsync(DistributionProbe.Script(OnPath), pythonPath: null);
        Assert.Equal("PATH", DistributionProbe.Interpreter(onPath)!.Origin);
        Assert.DoesNotContain(new InstalledDistribution("nvidia-cublas-cu12", "12.4.5.8"), DistributionProbe.Parse(onPath));
    }

    [Fact]
    public async Task A_micromamba_root_prefix_and_env_name_pick_the_environment()
    {
        var root = _site.Combine("mamba");
        var python = await EnvironmentAsync(Path.Combine(root, "envs", "ml"), ("torch", "2.5.1+cpu"));
        var site = Directory.GetDirectories(Path.Combine(root, "envs", "ml", "lib")).Single();
        Directory.CreateDirectory(Path.Combine(site, "site-packages", "torch"));
        File.WriteAllText(Path.Combine(site, "site-packages", "torch", "__init__.py"),
            "class version:\n    cuda = None\nclass cuda:\n    @staticmethod\n    def is_available():\n        return False\n");
        var candidates = InterpreterProbe.Candidates(["/usr/local/bin/_entrypoint.sh"], ["python", "serve.py"],
            new Dictionary<string, string> { ["MAMBA_ROOT_PREFIX"] = root, ["ENV_NAME"] = "ml" });

        var probe = TorchProbe.Parse(await RunAsync(TorchProbe.Script(candidates), pythonPath: null));

        Assert.Equal(new ProbedInterpreter(python, "MAMBA_ROOT_PREFIX, ENV_NAME"), probe.Interpreter);
        Assert.True(probe.Installed);
        Assert.Equal("2.5.1+cpu", probe.Version);
        Assert.True(probe.CudaReported);
        Assert.Empty(probe.Problems());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Without_a_runnable_candidate_the_probe_says_no_interpreter()
    {
        // A file that is not a Python, and a glob that matches nothing.
        var notPython = _site.Write("bin/python", "#!/bin/sh\nexit 1\n");
        File.SetUnixFileMode(notPython, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var output = await RunAsync(InterpreterProbe.Preamble([
            new InterpreterCandidate(notPython, "entrypoint"), new InterpreterCandidate(_site.Combine("envs") + "/*/bin/python", "conda environment", IsPattern: true)]));

        Assert.Equal(InterpreterProbe.InterpreterLinePrefix + InterpreterProbe.NoInterpreter, output.Trim());
        Assert.Null(InterpreterProbe.Parse(output));
    }

    [Fact]
    public async Task Distribution_probe_uses_importlib_metadata_when_python3_exists()
    {
        _site.Write("nvidia_cublas_cu12-12.4.5.8.dist-info/METADATA", "Metadata-Version: 2.1\nName: nvidia-cublas-cu12\nVersion: 12.4.5.8\n");

        var output = await RunAsync(DistributionProbe.Script(OnPath));

        Assert.Equal("importlib.metadata", DistributionProbe.Source(output));
        Assert.Contains(new InstalledDistribution("nvidia-cublas-cu12", "12.4.5.8"), DistributionProbe.Parse(output));
    }

    [Fact]
    public async Task Torch_probe_reads_the_runtime_of_a_cpu_build()
    {
        FakeTorch("2.5.1+cpu", cuda: "None", available: "False");

        var probe = TorchProbe.Parse(await RunAsync(TorchProbe.Script(OnPath)));

        Assert.True(probe.Installed);
        Assert.True(probe.PythonAvailable);
        Assert.True(probe.CudaReported);
        Assert.Equal("2.5.1+cpu", probe.Version);
        Assert.Empty(probe.Problems());
    }

    [Fact]
    public async Task Torch_probe_reports_a_cuda_build()
    {
        FakeTorch("2.5.1+cu124", cuda: "\"12.4\"", available: "True");

        var probe = TorchProbe.Parse(await RunAsync(TorchProbe.Script(OnPath)));

        Assert.Equal(
            ["torch 2.5.1+cu124 is not a +cpu build", "torch.version.cuda is 12.4", "torch.cuda.is_available() is True"],
            probe.Problems());
    }

    private void FakeTorch(string version, string cuda, string available)
    {
        _site.Write($"torch-{version}.dist-info/METADATA", $"Metadata-Version: 2.1\nName: torch\nVersion: {version}\n");
        _site.Write("torch/__init__.py",
            $"__version__ = \"{version}\"\nclass version:\n    cuda = {cuda}\nclass cuda:\n    @staticmethod\n    def is_available():\n        return {available}\n");
    }

    private async Task<string> RunAsync(string script) => await RunAsync(script, _site.Path);

    private static async Task<string> RunAsync(string script, string? pythonPath)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (pythonPath is not null) start.Environment["PYTHONPATH"] = pythonPath;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await stderr);
        return await stdout;
    }
}
