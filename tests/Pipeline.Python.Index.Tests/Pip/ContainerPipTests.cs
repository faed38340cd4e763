using Pipeline.Python.Index.Tests.Support;
using Xunit.Abstractions;

namespace Pipeline.Python.Index.Tests.Pip;

/// <summary>
/// Real pip inside a container (Debian's pip 23.0.1 in the stack's Python base image) against the index on
/// 127.0.0.1: CPU torch from the CPU index, hash-checked installs from the PyPI-like index, and pip's HTTP cache.
/// </summary>
public sealed class ContainerPipTests(WheelhouseFixture wheelhouse, PythonContainer container, ITestOutputHelper output)
    : IClassFixture<WheelhouseFixture>, IClassFixture<PythonContainer>
{
    private const string Python = "python3";

    [Fact]
    public async Task Container_pip_installs_cpu_torch_from_the_cpu_index_without_cuda_wheels()
    {
        await using var server = await wheelhouse.StartServerAsync();
        var script = new ShellScript()
            .Step("install", Python, "-m", "pip", "install", "--index-url", server.IndexUrl("cpu").ToString(),
                "--trusted-host", server.BaseUrl.Host, "torch==2.5.1+cpu")
            .Step("probe", Python, "-c",
                "import torch; assert torch.version.cuda is None and not torch.cuda.is_available(); " +
                "print('torch', torch.__version__, torch.STANDIN_MARKER)")
            .Step("list", Python, "-m", "pip", "list", "--format=freeze");

        var run = await container.RunAsync(script);
        output.WriteLine(run.All);

        var steps = ShellScript.ExitCodes(run.StandardOutput);
        Assert.True(steps.GetValueOrDefault("install", -1) == 0, run.All);
        Assert.True(steps.GetValueOrDefault("probe", -1) == 0, run.All);
        Assert.True(steps.GetValueOrDefault("list", -1) == 0, run.All);
        Assert.Contains("torch 2.5.1+cpu STAND-IN built by Pipeline", run.StandardOutput);
        var installed = run.StandardOutput.Split('\n').Where(l => l.Contains("==", StringComparison.Ordinal)).ToList();
        Assert.Contains("torch==2.5.1+cpu", installed);
        Assert.Contains(installed, l => l.StartsWith("sympy==", StringComparison.Ordinal));
        Assert.DoesNotContain(installed, l => l.StartsWith("nvidia-", StringComparison.OrdinalIgnoreCase) || l.StartsWith("triton==", StringComparison.Ordinal));
        Assert.True(server.AccessLog.Downloads(wheelhouse.Row("cpu", "torch-2.5.1+cpu-").FileName) == 1, run.All);
    }

    [Fact]
    public async Task Container_pip_checks_the_json_hashes_and_serves_a_reinstall_from_its_http_cache()
    {
        await using var server = await wheelhouse.StartServerAsync();
        var index = server.IndexUrl("pypi");
        string[] projects = ["requests", "charset-normalizer", "idna", "urllib3", "certifi"];
        using var http = new HttpClient();
        var pins = new List<string>();
        foreach (var project in projects)
            pins.Add(await SimpleJsonPins.PinAsync(http, index, project));
        var wrongFirst = pins.Select((pin, i) => i == 0 ? pin[..pin.IndexOf("sha256:", StringComparison.Ordinal)] + "sha256:" + new string('0', 64) : pin);
        string[] install = [Python, "-m", "pip", "install", "--index-url", index.ToString(), "--trusted-host", server.BaseUrl.Host,
            "--cache-dir", "/tmp/pip-cache", "--require-hashes", "-r"];
        var script = new ShellScript()
            .WriteFile("/tmp/req.txt", pins)
            .WriteFile("/tmp/wrong.txt", wrongFirst)
            .Step("first", [.. install, "/tmp/req.txt"])
            .Step("import", Python, "-c", "import requests, urllib3; print('requests', requests.__version__, requests.STANDIN_MARKER)")
            .Step("uninstall", [Python, "-m", "pip", "uninstall", "-y", .. projects])
            .Step("second", [.. install, "/tmp/req.txt"])
            .Step("show", Python, "-m", "pip", "show", "requests")
            .Step("uninstall-again", [Python, "-m", "pip", "uninstall", "-y", .. projects])
            .Step("wrong", [.. install, "/tmp/wrong.txt"]);

        var run = await container.RunAsync(script);
        output.WriteLine(run.All);

        var steps = ShellScript.ExitCodes(run.StandardOutput);
        foreach (var step in new[] { "first", "import", "uninstall", "second", "show", "uninstall-again" })
            Assert.True(steps.GetValueOrDefault(step, -1) == 0, $"step {step}: {run.All}");
        Assert.Contains("STAND-IN built by Pipeline", run.StandardOutput);
        Assert.Contains("Using cached " + new Uri(index, "../files/"), run.StandardOutput);
        Assert.NotEqual(0, steps.GetValueOrDefault("wrong", 0));
        Assert.Contains("DO NOT MATCH THE HASHES", run.StandardError);

        foreach (var prefix in new[] { "requests-", "charset_normalizer-", "idna-", "urllib3-", "certifi-" })
        {
            var wheel = wheelhouse.Row("pypi", prefix).FileName;
            Assert.True(server.AccessLog.Downloads(wheel) == 1, $"{wheel} downloaded {server.AccessLog.Downloads(wheel)} times\n{run.All}");
        }
        Assert.Contains(server.AccessLog.Entries, e => e.Path.StartsWith("/pypi/simple/requests/", StringComparison.Ordinal) && e.Status == 304);
    }
}
