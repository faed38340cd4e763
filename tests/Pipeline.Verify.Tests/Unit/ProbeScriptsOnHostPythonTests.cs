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

    [Fact]
    public async Task Distribution_probe_uses_importlib_metadata_when_python3_exists()
    {
        _site.Write("nvidia_cublas_cu12-12.4.5.8.dist-info/METADATA", "Metadata-Version: 2.1\nName: nvidia-cublas-cu12\nVersion: 12.4.5.8\n");

        var output = await RunAsync(DistributionProbe.Script);

        Assert.Equal("importlib.metadata", DistributionProbe.Source(output));
        Assert.Contains(new InstalledDistribution("nvidia-cublas-cu12", "12.4.5.8"), DistributionProbe.Parse(output));
    }

    [Fact]
    public async Task Torch_probe_reads_the_runtime_of_a_cpu_build()
    {
        FakeTorch("2.5.1+cpu", cuda: "None", available: "False");

        var probe = TorchProbe.Parse(await RunAsync(TorchProbe.Script));

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

        var probe = TorchProbe.Parse(await RunAsync(TorchProbe.Script));

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

    private async Task<string> RunAsync(string script)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PYTHONPATH"] = _site.Path;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await stderr);
        return await stdout;
    }
}
