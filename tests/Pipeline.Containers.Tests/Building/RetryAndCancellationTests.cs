using CliWrap;
using CliWrap.Buffered;
using Pipeline.Compose.Loading;
using Pipeline.Containers.Building;
using Pipeline.Containers.Faults;
using Pipeline.Containers.Tests.Support;
using Pipeline.Testing;

namespace Pipeline.Containers.Tests.Building;

/// <summary>Transient faults from a real fault-injecting proxy in front of podman, and cancellation of real builds.</summary>
public class RetryAndCancellationTests
{
    private static BuildParallelOptions Options(string dir) => new()
    {
        Compose = new ComposeLoadOptions { Path = dir },
        Parallelism = 1,
        Retry = new BuildRetryOptions { MaxAttempts = 4, BaseDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(200) },
    };

    [Theory]
    [InlineData(FaultKind.ServiceUnavailable, 2)]
    [InlineData(FaultKind.DropConnection, 1)]
    public async Task Transient_engine_faults_are_retried(FaultKind kind, int faults)
    {
        var podman = await PodmanService.GetAsync();
        await podman.EnsureBusyboxImageAsync();
        using var dir = new TempDirectory("bp-faults");
        await using var proxy = FaultInjectingProxy.Start(dir.Combine("proxy.sock"), podman.Endpoint.LocalPath, new FaultPlan("/build", faults, kind));
        await using var engine = await PodmanEngine.ConnectAsync(proxy.Endpoint.ToString());
        dir.Write("compose.yaml", "services:\n  app:\n    build: ./app\n");
        dir.Write("app/Dockerfile", $"FROM {PodmanEngine.Busybox}\nRUN echo through the proxy\n");

        var result = await new ParallelImageBuilder(engine).BuildAsync(Options(dir.Path));
        try
        {
            var row = Assert.Single(result.Rows);
            Assert.Equal(ImageBuildOutcome.Built, row.Outcome);
            Assert.Equal(faults + 1, row.Attempts);
            Assert.Equal(faults, proxy.FaultsInjected);
            Assert.True(proxy.RequestsForwarded > 0);
        }
        finally
        {
            await PodmanEngine.RemoveImagesAsync(engine, result.Rows.Select(r => r.Image));
        }
    }

    [Fact]
    public async Task Real_errors_are_not_retried_through_the_proxy()
    {
        var podman = await PodmanService.GetAsync();
        await podman.EnsureBusyboxImageAsync();
        using var dir = new TempDirectory("bp-nofault");
        await using var proxy = FaultInjectingProxy.Start(dir.Combine("proxy.sock"), podman.Endpoint.LocalPath, new FaultPlan("/build", 0, FaultKind.ServiceUnavailable));
        await using var engine = await PodmanEngine.ConnectAsync(proxy.Endpoint.ToString());
        dir.Write("compose.yaml", "services:\n  app:\n    build: ./app\n");
        dir.Write("app/Dockerfile", $"FROM {PodmanEngine.Busybox}\nRUN exit 7\n");

        var row = Assert.Single((await new ParallelImageBuilder(engine).BuildAsync(Options(dir.Path))).Rows);

        Assert.Equal(ImageBuildOutcome.Failed, row.Outcome);
        Assert.Equal(1, row.Attempts);
        Assert.Contains("exit 7", row.FailedStep);
    }

    [Fact]
    public async Task Cancellation_ends_the_run_and_leaves_no_build_containers()
    {
        await using var engine = await PodmanEngine.ConnectAsync();
        await using var barrier = new BarrierServer(parties: 99, timeout: TimeSpan.FromSeconds(60));
        using var dir = new TempDirectory("bp-cancel");
        dir.Write("compose.yaml", "services:\n  slow:\n    build: ./slow\n  never:\n    build: ./never\n");
        dir.Write("slow/Dockerfile", $"FROM {PodmanEngine.Busybox}\nRUN wget -q -O /dev/null http://127.0.0.1:{barrier.Port}/hold\n");
        dir.Write("never/Dockerfile", $"FROM {PodmanEngine.Busybox}\nRUN echo never\n");
        var before = await BuildContainersAsync();
        using var cancel = new CancellationTokenSource();

        var build = new ParallelImageBuilder(engine).BuildAsync(Options(dir.Path) with { HostNetwork = true, NoCache = true }, cancel.Token);
        await barrier.FirstArrival.Task.WaitAsync(TimeSpan.FromSeconds(60)); // the RUN step is running now
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => build);
        // podman 4.3 does not abort a running RUN step when the client goes away: the step runs to its end, then
        // (ForceRemove) its buildah container is removed. End the held step, then wait for the removal with a deadline.
        await barrier.DisposeAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var after = await BuildContainersAsync();
        while (after.Except(before).Any() && DateTime.UtcNow < deadline)
            after = await BuildContainersAsync();
        Assert.Empty(after.Except(before));
    }

    /// <summary>Hidden buildah containers, as <c>podman ps --external</c> lists them.</summary>
    private static async Task<IReadOnlyList<string>> BuildContainersAsync()
    {
        var result = await Cli.Wrap("podman").WithArguments(["ps", "--all", "--external", "--format", "{{.ID}} {{.Image}}"]).ExecuteBufferedAsync();
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
