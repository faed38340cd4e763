using System.Text.Json;
using Pipeline.Benchmarks;
using Pipeline.Stack;
using Pipeline.Testing;

namespace Pipeline.Benchmarks.Tests;

/// <summary>
/// One small real benchmark: a one-service stack built as-is, by hand and by Pipeline, cold and warm, against the real
/// index server (wheels at 1/100), through a real podman service and the real base image. No timing is asserted.
/// </summary>
public class RealRunTests
{
    private const string Compose = """
        name: tiny
        services:
          app:
            build:
              context: .
              dockerfile: app/Dockerfile
        """;

    private const string AsIs = """
        FROM python:3.11-slim
        WORKDIR /app
        COPY app/requirements.txt .
        RUN pip install --no-cache-dir -r requirements.txt
        CMD ["python", "-c", "import yaml"]
        """;

    private const string ByHand = """
        FROM python:3.11-slim
        WORKDIR /app
        ARG PIP_INDEX_URL
        ARG PIP_TRUSTED_HOST
        RUN --mount=type=cache,target=/root/.cache/pip pip config set global.timeout 300 && pip config set global.retries 5
        COPY app/requirements.txt .
        RUN --mount=type=cache,target=/root/.cache/pip pip install --timeout 300 --retries 5 -r requirements.txt
        CMD ["python", "-c", "import yaml"]
        """;

    [Fact]
    public async Task Every_scenario_builds_cold_then_warm_and_warm_runs_need_no_wheels()
    {
        using var dir = new TempDirectory("bench-real");
        var compose = dir.Write("stack/docker-compose.yml", Compose);
        dir.Write("stack/app/Dockerfile", AsIs);
        dir.Write("stack/app/requirements.txt", "pyyaml==6.0.3\nrequests==2.34.2\n");
        dir.Write("by-hand/app/Dockerfile", ByHand);
        var options = new BenchmarkOptions
        {
            RootDirectory = RepoPaths.Root,
            ComposeFile = compose,
            ByHandDirectory = dir.Combine("by-hand"),
            WheelScale = 0.01,
            Throttle = "5MB",
            WorkDirectory = dir.Combine("work"),
            OutputDirectory = dir.Combine("out"),
            StackDefaults = new StackSettings { RootDirectory = RepoPaths.Root, ComposeFile = compose },
            TargetDefaults = new StackTargetOptions { BaseImageRegistry = "none" },
        };

        var document = await new BenchmarkRunner().RunAsync(options, CancellationToken.None);
        var files = await BenchmarkReports.WriteAsync(document, options.ResolvedOutputDirectory, CancellationToken.None);

        Assert.Equal(
            ["as-is cold", "as-is warm", "by-hand cold", "by-hand warm", "pipeline cold", "pipeline warm"],
            document.Runs.Select(r => $"{r.Scenario} {r.Phase}"));
        Assert.All(document.Runs, r => Assert.True(r.Error is null && r.ImagesOk == 1 && r.ImagesFailed == 0, $"{r.Scenario} {r.Phase}: {r.Error}"));
        foreach (var cold in document.Runs.Where(r => r.Phase == "cold" && r.Scenario != "pipeline"))
        {
            // pyyaml, requests and its four dependencies came over the link, each at least once.
            Assert.True(cold.NeededBytes > 0 && cold.UpstreamBytes >= cold.NeededBytes, $"{cold.Scenario}: {cold.UpstreamBytes} sent, {cold.NeededBytes} needed");
        }
        // Warm builds of as-is and by-hand come from the layer cache: no wheel is fetched again.
        Assert.All(document.Runs.Where(r => r.Phase == "warm" && r.Scenario != "pipeline"), r => Assert.Equal(0, r.NeededBytes));
        Assert.All(document.Runs, r => Assert.Equal(0, r.CudaBytes));
        Assert.Equal(true, document.Runs.Single(r => r.Scenario == "pipeline" && r.Phase == "cold").VerifyOk);
        // The builds' pip cache mounts live under the benchmark's own podman service, where cold runs empty them.
        Assert.NotEmpty(Directory.GetDirectories(dir.Combine("work", "podman", "tmp"), "buildah-cache*"));
        // The benchmark's podman storage is left unmounted: the work folder (a clone, a temp dir) can be deleted.
        Assert.Empty(Pipeline.IO.MountTable.MountsUnder(File.ReadAllText("/proc/self/mountinfo"), dir.Combine("work")));
        // The user's stack is not edited: the copies are.
        Assert.Equal(AsIs, File.ReadAllText(dir.Combine("stack", "app", "Dockerfile")));
        Assert.False(File.Exists(dir.Combine("stack", "app", "requirements.lock")));
        using var json = JsonDocument.Parse(File.ReadAllText(files[0]));
        Assert.Equal(6, json.RootElement.GetProperty("runs").GetArrayLength());
        Assert.True(new FileInfo(files[2]).Length > 0);
    }
}

