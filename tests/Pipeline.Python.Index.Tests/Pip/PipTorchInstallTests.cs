using System.Text.Json;
using Pipeline.Python.Index.Tests.Support;
using Pipeline.Testing;

namespace Pipeline.Python.Index.Tests.Pip;

/// <summary>The host's real pip (python3 -m pip) installing the CUDA and the CPU torch from the two indexes.</summary>
public sealed class PipTorchInstallTests(WheelhouseFixture wheelhouse) : IClassFixture<WheelhouseFixture>
{
    [Fact]
    public async Task Cpu_torch_from_the_cpu_index_reports_no_cuda_and_pulls_no_cuda_wheels()
    {
        await using var server = await wheelhouse.StartServerAsync();
        using var target = new TempDirectory("pip-target");

        var install = await HostPython.PipAsync("install", "--no-cache-dir", "--index-url", server.IndexUrl("cpu").ToString(),
            "--target", target.Path, "torch==2.5.1+cpu");
        Assert.True(install.ExitCode == 0, install.All);

        var probe = await HostPython.RunAsync(target.Path, "-c",
            "import json, torch; print(json.dumps({'version': torch.__version__, 'cuda': torch.version.cuda, " +
            "'available': torch.cuda.is_available(), 'marker': torch.STANDIN_MARKER}))");
        Assert.True(probe.ExitCode == 0, probe.All);
        using var json = JsonDocument.Parse(probe.StandardOutput);
        Assert.Equal("2.5.1+cpu", json.RootElement.GetProperty("version").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("cuda").ValueKind);
        Assert.False(json.RootElement.GetProperty("available").GetBoolean());
        Assert.Equal("STAND-IN built by Pipeline", json.RootElement.GetProperty("marker").GetString());
        Assert.False(Directory.Exists(target.Combine("nvidia")), "a CPU torch must not bring nvidia-* wheels");
        Assert.False(Directory.Exists(target.Combine("triton")), "a CPU torch must not bring triton");
    }

    [Fact]
    public async Task Cuda_torch_from_the_pypi_index_pulls_the_nvidia_cu12_wheels_and_triton()
    {
        await using var server = await wheelhouse.StartServerAsync();
        using var target = new TempDirectory("pip-target");
        var report = target.Combine("report.json");

        var install = await HostPython.PipAsync("install", "--no-cache-dir", "--index-url", server.IndexUrl("pypi").ToString(),
            "--target", target.Combine("site"), "--report", report, "torch==2.5.1");
        Assert.True(install.ExitCode == 0, install.All);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report));
        var installed = json.RootElement.GetProperty("install").EnumerateArray()
            .Select(i => i.GetProperty("metadata").GetProperty("name").GetString()!).ToHashSet();
        string[] cuda =
        [
            "nvidia-cublas-cu12", "nvidia-cuda-cupti-cu12", "nvidia-cuda-nvrtc-cu12", "nvidia-cuda-runtime-cu12",
            "nvidia-cudnn-cu12", "nvidia-cufft-cu12", "nvidia-curand-cu12", "nvidia-cusolver-cu12",
            "nvidia-cusparse-cu12", "nvidia-nccl-cu12", "nvidia-nvjitlink-cu12", "nvidia-nvtx-cu12", "triton",
        ];
        Assert.All(cuda, name => Assert.Contains(name, installed));
        Assert.Contains("sympy", installed);

        var probe = await HostPython.RunAsync(target.Combine("site"), "-c",
            "import torch; print(torch.version.cuda, torch.cuda.is_available())");
        Assert.True(probe.ExitCode == 0, probe.All);
        Assert.Equal("12.4 True", probe.StandardOutput.Trim());
    }
}
