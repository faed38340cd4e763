using Pipeline.Compose.Loading;
using Pipeline.Containers.Building;
using Pipeline.Containers.Engine;
using Pipeline.Containers.Tests.Support.Faults;
using Pipeline.Containers.Tests.Support;
using Pipeline.Testing;

namespace Pipeline.Containers.Tests.Building;

/// <summary>BuildParallel against the real podman API socket started by the test run.</summary>
public class ParallelImageBuilderTests
{
    private static BuildParallelOptions Options(string dir) => new()
    {
        Compose = new ComposeLoadOptions { Path = dir },
        Retry = new BuildRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(200) },
    };

    [Fact]
    public async Task Builds_overlap_and_never_exceed_the_limit()
    {
        await using var engine = await PodmanEngine.ConnectAsync();
        await using var barrier = new BarrierServer(parties: 2, timeout: TimeSpan.FromSeconds(60));
        using var dir = new TempDirectory("bp-overlap");
        var services = new[] { "s1", "s2", "s3", "s4" };
        dir.Write("compose.yaml", "services:\n" + string.Concat(services.Select(s => $"  {s}:\n    build: ./{s}\n")));
        foreach (var s in services)
            dir.Write($"{s}/Dockerfile", $"FROM {PodmanEngine.Busybox}\nRUN wget -q -O /dev/null http://127.0.0.1:{barrier.Port}/arrive/{s}\n");

        await PodmanEngine.BuildThenRemoveAsync(engine, Options(dir.Path) with { Parallelism = 2, HostNetwork = true, NoCache = true }, async result =>
        {
            Assert.True(result.Success, string.Join("; ", result.Rows.Select(r => r.Error)));
            Assert.Equal(4, barrier.Arrivals); // every build reached the barrier, two at a time
            Assert.Equal(2, BuildEvents.PeakConcurrency(result.Events));
            Assert.Equal(2, result.Parallelism);
            Assert.All(result.Rows, r => Assert.True(r.SizeBytes > 0));
            Assert.All(result.Rows, r => Assert.True(r.Steps >= 3)); // FROM, RUN and the LABEL step Pipeline adds

            var project = Path.GetFileName(dir.Path);
            var labels = (await engine.Client.Images.InspectImageAsync($"{project}-s1")).Config!.Labels!;
            Assert.Equal(project, labels["com.docker.compose.project"]);
            Assert.Equal("s1", labels["com.docker.compose.service"]);
            Assert.Equal("s1", labels["org.opencontainers.image.title"]);
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", labels["org.opencontainers.image.created"]);
        });
    }

    [Fact]
    public async Task Bases_first_with_mapping_dockerignore_args_and_target()
    {
        await using var engine = await PodmanEngine.ConnectAsync();
        using var dir = new TempDirectory("bp-deps");
        var project = Path.GetFileName(dir.Path);
        dir.Write("compose.yaml", """
            services:
              app:
                build:
                  context: ./app
                  target: good
                  args:
                    GREETING: replaced-by-the-option
                    FROM_COMPOSE: kept
                  labels:
                    org.example.team: ml
              base:
                build: ./base
            """);
        var baseDockerfile = dir.Write("base/Dockerfile", "FROM pipeline-test/not-in-any-registry:1\nRUN echo base > /base.txt\n");
        dir.Write("app/Dockerfile", $"""
            FROM {project}-base AS good
            ARG GREETING
            ARG FROM_COMPOSE
            COPY . /ctx
            RUN test -f /base.txt && test "$GREETING" = hello && test "$FROM_COMPOSE" = kept && test ! -e /ctx/secret.txt && test -e /ctx/keep/keep.txt && test ! -e /ctx/keep/drop.txt
            FROM good AS bad
            RUN echo the target stage was ignored && exit 9
            """);
        dir.Write("app/.dockerignore", "secret.txt\nkeep/*\n!keep/keep.txt\n");
        dir.Write("app/secret.txt", "do not send");
        dir.Write("app/keep/keep.txt", "send");
        dir.Write("app/keep/drop.txt", "do not send");

        var result = await new ParallelImageBuilder(engine).BuildAsync(Options(dir.Path) with
        {
            Parallelism = 2,
            BuildArgs = new Dictionary<string, string> { ["GREETING"] = "hello" },
            BaseImageMap = new Dictionary<string, string> { ["pipeline-test/not-in-any-registry:1"] = PodmanEngine.Busybox },
        });
        try
        {
            Assert.True(result.Success, string.Join("; ", result.Rows.Select(r => $"{r.Service}: {r.Error} {r.Output}")));
            Assert.Equal(["base", "app"], result.Rows.Select(r => r.Service));
            Assert.True(BuildEvents.IndexOf(result.Events, "base", false) < BuildEvents.IndexOf(result.Events, "app", true));
            Assert.StartsWith("FROM pipeline-test/not-in-any-registry:1", await File.ReadAllTextAsync(baseDockerfile)); // disk untouched
            var labels = (await engine.Client.Images.InspectImageAsync($"{project}-app")).Config!.Labels!;
            Assert.Equal("ml", labels["org.example.team"]);
        }
        finally
        {
            await PodmanEngine.RemoveImagesAsync(engine, result.Rows.Select(r => r.Image).Reverse());
        }
    }

    [Fact]
    public async Task A_second_build_with_nothing_changed_is_not_sent_and_a_changed_context_file_rebuilds_only_its_image()
    {
        await using var podman = await PodmanEngine.ConnectAsync();
        using var dir = new TempDirectory("bp-warm");
        var project = Path.GetFileName(dir.Path);
        dir.Write("compose.yaml", $"""
            services:
              app:
                build:
                  context: ./app
                  labels:
                    org.example.note: 'say "hi" for $$5'
              worker:
                build: ./worker
              child:
                build: ./child
            """);
        dir.Write("app/Dockerfile", $"FROM {PodmanEngine.Busybox} AS builder\nRUN echo built > /b\nFROM {PodmanEngine.Busybox}\nCOPY --from=builder /b /b\nCOPY . /ctx\n");
        dir.Write("app/data.txt", "one");
        dir.Write("worker/Dockerfile", $"FROM {PodmanEngine.Busybox}\nCOPY . /ctx\n");
        var workerFile = dir.Write("worker/data.txt", "one");
        dir.Write("child/Dockerfile", $"FROM {project}-worker\nRUN echo child\n");
        // Every /build request goes through a counting proxy: "not sent" is measured at the socket.
        await using var proxy = FaultInjectingProxy.Start(dir.Combine("engine.sock"), podman.Info.Endpoint.LocalPath, new FaultPlan("/build", 0, FaultKind.ServiceUnavailable));
        await using var engine = await new EngineConnector().ConnectAsync(new EngineOptions { Endpoint = proxy.Endpoint.ToString() });
        var options = Options(dir.Path) with
        {
            Compose = new ComposeLoadOptions { Path = dir.Path, Environment = new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = "1700000000" } },
        };
        var images = new[] { "app", "worker", "child" }.Select(s => $"{project}-{s}").ToList();
        async Task<Dictionary<string, string>> IdsAsync() =>
            (await Task.WhenAll(images.Select(async i => (i, (await engine.Client.Images.InspectImageAsync(i)).ID)))).ToDictionary(p => p.i, p => p.ID);
        try
        {
            var first = await new ParallelImageBuilder(engine).BuildAsync(options);
            Assert.True(first.Success, string.Join("; ", first.Rows.Select(r => $"{r.Error} {r.Output}")));
            Assert.All(first.Rows, r => Assert.Equal(ImageBuildOutcome.Built, r.Outcome));
            Assert.Equal(3, proxy.RequestsMatched);
            var before = await IdsAsync();

            // Touching a file changes its time, not what an image is made of.
            File.SetLastWriteTimeUtc(workerFile, DateTime.UtcNow.AddHours(1));
            var second = await new ParallelImageBuilder(engine).BuildAsync(options);

            Assert.True(second.Success);
            Assert.All(second.Rows, r => Assert.Equal(ImageBuildOutcome.UpToDate, r.Outcome));
            Assert.All(second.Rows, r => Assert.True(r.SizeBytes > 0));
            Assert.Equal(3, proxy.RequestsMatched); // no build request reached the engine
            Assert.Equal("3/3", second.Notes["up to date"]);
            Assert.Contains("up to date", BuildReportTable.Format(second.Rows));
            Assert.Equal(before, await IdsAsync());
            var image = await engine.Client.Images.InspectImageAsync($"{project}-app");
            Assert.Equal("say \"hi\" for $5", image.Config!.Labels!["org.example.note"]);
            Assert.Equal("2023-11-14T22:13:20Z", image.Config.Labels["org.opencontainers.image.created"]);
            Assert.StartsWith("sha256:", image.Config.Labels[ImageLabels.InputsLabel]);

            // One context file changes: its image and the image built FROM it are rebuilt, the other is not sent.
            File.WriteAllText(workerFile, "two");
            var third = await new ParallelImageBuilder(engine).BuildAsync(options);

            Assert.True(third.Success);
            Assert.Equal(ImageBuildOutcome.UpToDate, third.Rows.Single(r => r.Service == "app").Outcome);
            Assert.Equal(ImageBuildOutcome.Built, third.Rows.Single(r => r.Service == "worker").Outcome);
            Assert.Equal(ImageBuildOutcome.Built, third.Rows.Single(r => r.Service == "child").Outcome); // its base has a new ID
            Assert.Equal(5, proxy.RequestsMatched);
            var after = await IdsAsync();
            Assert.Equal(before[$"{project}-app"], after[$"{project}-app"]);
            Assert.NotEqual(before[$"{project}-worker"], after[$"{project}-worker"]);

            // Without the skip every image goes to the engine (as `podman build` would), which finds its layers cached.
            var sent = await new ParallelImageBuilder(engine).BuildAsync(options with { SkipUnchanged = false });
            Assert.All(sent.Rows, r => Assert.Equal(ImageBuildOutcome.Built, r.Outcome));
            Assert.Equal(8, proxy.RequestsMatched);
            Assert.Equal(after[$"{project}-app"], (await IdsAsync())[$"{project}-app"]);

            // --no-cache sends every build again.
            var forced = await new ParallelImageBuilder(engine).BuildAsync(options with { NoCache = true });
            Assert.All(forced.Rows, r => Assert.Equal(ImageBuildOutcome.Built, r.Outcome));
            Assert.Equal(11, proxy.RequestsMatched);
        }
        finally
        {
            await PodmanEngine.RemoveImagesAsync(podman, Enumerable.Reverse(images));
        }
    }

    [Fact]
    public async Task Real_errors_fail_at_once_transient_output_is_retried_and_the_rest_continues()
    {
        await using var engine = await PodmanEngine.ConnectAsync();
        using var dir = new TempDirectory("bp-errors");
        dir.Write("compose.yaml", "services:\n  broken:\n    build: ./broken\n  flaky:\n    build: ./flaky\n  fine:\n    build: ./fine\n");
        dir.Write("broken/Dockerfile", $"FROM {PodmanEngine.Busybox}\nRUN echo compiling && exit 3\n");
        dir.Write("flaky/Dockerfile", $"FROM {PodmanEngine.Busybox}\nRUN echo 'Temporary failure in name resolution' && exit 1\n");
        dir.Write("fine/Dockerfile", $"FROM {PodmanEngine.Busybox}\nRUN echo fine\n");

        await PodmanEngine.BuildThenRemoveAsync(engine, Options(dir.Path) with { Parallelism = 1, ContinueOnError = true }, result =>
        {
            Assert.False(result.Success);
            var broken = result.Rows.Single(r => r.Service == "broken");
            Assert.Equal(ImageBuildOutcome.Failed, broken.Outcome);
            Assert.Equal(1, broken.Attempts);
            Assert.Contains("RUN echo compiling && exit 3", broken.FailedStep);
            Assert.Contains("compiling", broken.Output);
            var flaky = result.Rows.Single(r => r.Service == "flaky");
            Assert.Equal(ImageBuildOutcome.Failed, flaky.Outcome);
            Assert.Equal(3, flaky.Attempts);
            Assert.Contains("Temporary failure in name resolution", flaky.Error);
            Assert.Equal(ImageBuildOutcome.Built, result.Rows.Single(r => r.Service == "fine").Outcome);
            Assert.Equal("2", result.Notes["retries"]);
        });
    }

    [Fact]
    public async Task A_bad_dockerignore_pattern_fails_that_image_with_file_line_and_pattern()
    {
        await using var engine = await PodmanEngine.ConnectAsync();
        using var dir = new TempDirectory("bp-ignore");
        dir.Write("compose.yaml", "services:\n  app:\n    build: ./app\n  fine:\n    build: ./fine\n");
        dir.Write("app/Dockerfile", $"FROM {PodmanEngine.Busybox}\nCOPY . /ctx\n");
        dir.Write("app/.dockerignore", "*.log\ndata[\n");
        dir.Write("fine/Dockerfile", $"FROM {PodmanEngine.Busybox}\nRUN echo fine\n");

        await PodmanEngine.BuildThenRemoveAsync(engine, Options(dir.Path) with { Parallelism = 1, ContinueOnError = true }, result =>
        {
            var row = result.Rows.Single(r => r.Service == "app");
            Assert.Equal(ImageBuildOutcome.Failed, row.Outcome);
            Assert.Equal($"{dir.Combine("app", ".dockerignore")}:2: bad pattern 'data[': unterminated bracket", row.Error);
            Assert.Equal(ImageBuildOutcome.Built, result.Rows.Single(r => r.Service == "fine").Outcome);
        });
    }

    [Fact]
    public async Task Indexes_a_dockerfile_and_its_pip_conf_name_are_sent_pointed_at_the_proxy_and_the_files_stay_as_written()
    {
        await using var engine = await PodmanEngine.ConnectAsync();
        using var dir = new TempDirectory("bp-proxies");
        dir.Write("compose.yaml", "services:\n  app:\n    build: ./app\n");
        var dockerfile = dir.Write("app/Dockerfile",
            $"FROM {PodmanEngine.Busybox}\nENV PIP_INDEX_URL=https://pypi.org/simple\nCOPY pip.conf /etc/pip.conf\n" +
            // The build fails unless the pip.conf sent points at the proxy.
            "RUN grep -q 'extra-index-url = http://127.0.0.1:3141/cpu/simple/' /etc/pip.conf\n");
        var pipConf = dir.Write("app/pip.conf", "[global]\nextra-index-url = https://download.pytorch.org/whl/cpu\n");
        var before = (File.ReadAllText(dockerfile), File.ReadAllText(pipConf));

        await PodmanEngine.BuildThenRemoveAsync(engine, Options(dir.Path) with
        {
            Parallelism = 1,
            IndexProxies = new Dictionary<string, string>
            {
                ["https://pypi.org/simple"] = "http://127.0.0.1:3141/routed/simple/",
                ["https://download.pytorch.org/whl/cpu"] = "http://127.0.0.1:3141/cpu/simple/",
            },
        }, async result =>
        {
            var row = Assert.Single(result.Rows);
            Assert.Equal(ImageBuildOutcome.Built, row.Outcome);
            var image = await engine.Client.Images.InspectImageAsync(row.Image);
            Assert.Contains("PIP_INDEX_URL=http://127.0.0.1:3141/routed/simple/", image.Config!.Env!);
        });
        Assert.Equal(before, (File.ReadAllText(dockerfile), File.ReadAllText(pipConf)));
    }

    [Fact]
    public async Task An_image_stays_up_to_date_when_only_the_proxy_port_changed()
    {
        await using var engine = await PodmanEngine.ConnectAsync();
        using var dir = new TempDirectory("bp-proxy-port");
        dir.Write("compose.yaml", "services:\n  app:\n    build: ./app\n");
        dir.Write("app/Dockerfile", $"FROM {PodmanEngine.Busybox}\nARG PIP_INDEX_URL\nCOPY pip.conf /etc/pip.conf\nRUN echo $PIP_INDEX_URL\n");
        dir.Write("app/pip.conf", "[global]\nextra-index-url = https://download.pytorch.org/whl/cpu\n");
        BuildParallelOptions At(int port) => Options(dir.Path) with
        {
            Parallelism = 1,
            BuildArgs = new Dictionary<string, string> { ["PIP_INDEX_URL"] = $"http://127.0.0.1:{port}/routed/simple/" },
            IndexProxies = new Dictionary<string, string>
            {
                ["https://pypi.org/simple"] = $"http://127.0.0.1:{port}/routed/simple/",
                ["https://download.pytorch.org/whl/cpu"] = $"http://127.0.0.1:{port}/cpu/simple/",
            },
        };

        await PodmanEngine.BuildThenRemoveAsync(engine, At(3141), async first =>
        {
            Assert.Equal(ImageBuildOutcome.Built, Assert.Single(first.Rows).Outcome);

            // The proxy found 3141 taken and listens on another port: same packages, same image.
            var moved = await new ParallelImageBuilder(engine).BuildAsync(At(40123));
            Assert.Equal(ImageBuildOutcome.UpToDate, Assert.Single(moved.Rows).Outcome);

            // A different index is a different input.
            dir.Write("app/pip.conf", "[global]\nextra-index-url = https://example.org/simple\n");
            var changed = await new ParallelImageBuilder(engine).BuildAsync(At(40123));
            Assert.Equal(ImageBuildOutcome.Built, Assert.Single(changed.Rows).Outcome);
        });
    }

    [Fact]
    public async Task Without_continue_on_error_nothing_new_starts_after_a_failure()
    {
        await using var engine = await PodmanEngine.ConnectAsync();
        using var dir = new TempDirectory("bp-stop");
        dir.Write("compose.yaml", "services:\n  broken:\n    build: ./broken\n  later:\n    build: ./later\n");
        dir.Write("broken/Dockerfile", $"FROM {PodmanEngine.Busybox}\nRUN exit 4\n");
        dir.Write("later/Dockerfile", $"FROM {PodmanEngine.Busybox}\nRUN echo later\n");

        var result = await new ParallelImageBuilder(engine).BuildAsync(Options(dir.Path) with { Parallelism = 1, Services = ["broken", "later"] });

        Assert.Equal(ImageBuildOutcome.Failed, result.Rows[0].Outcome);
        Assert.Equal(ImageBuildOutcome.Skipped, result.Rows[1].Outcome);
        Assert.Contains("--continue-on-error", result.Rows[1].Error);
    }
}
