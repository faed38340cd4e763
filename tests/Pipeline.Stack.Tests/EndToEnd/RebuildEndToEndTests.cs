using Pipeline.BaseImages;
using Pipeline.Dockerfiles.Syntax;
using Pipeline.Testing;

namespace Pipeline.Stack.Tests.EndToEnd;

/// <summary>
/// `./build.sh Rebuild` on a copy of the example stack, against the real podman API, the real local index and
/// the real base image: the whole product, as a user runs it.
/// </summary>
public class RebuildEndToEndTests
{
    private static async Task<PodmanService> EngineWithBaseImageAsync()
    {
        var podman = await PodmanService.GetAsync();
        await using var engine = await podman.ConnectAsync();
        // Shared with the other test projects through the lock in the repository's work directory.
        await new PythonBaseImageBuilder(engine).EnsureAsync(new PythonBaseImageOptions
        {
            WorkDirectory = PythonBaseImageOptions.DefaultWorkDirectory(RepoPaths.Root),
        }, CancellationToken.None);
        return podman;
    }

    [Fact]
    public async Task Rebuild_configures_locks_builds_and_verifies_all_five_services()
    {
        var podman = await EngineWithBaseImageAsync();
        using var stack = new StackCopy("e2e-rebuild");
        string[] services = ["aidb", "nixos-docs", "hybrid-coordinator", "health-monitor", "ralph-wiggum"];
        try
        {
            await RebuildAndAssert(podman, stack, services);
        }
        finally
        {
            await StackCopy.RemoveImagesAsync(podman, services.Select(stack.Image));
        }
    }

    private static async Task RebuildAndAssert(PodmanService podman, StackCopy stack, string[] services)
    {
        var (exit, output) = await stack.BuildAsync(podman.Endpoint.ToString(), "Rebuild");
        Assert.True(exit == 0, output);

        var cases = JUnitReport.Read(Path.Combine(stack.VerifyReports, "junit.xml"));
        Assert.All(services, s => Assert.Contains(cases, c => c.Suite.Contains(s, StringComparison.Ordinal)));
        Assert.All(cases, c => Assert.Null(c.Failure));
        Assert.Contains(cases, c => c.Suite.Contains("aidb", StringComparison.Ordinal) && c.Name.Contains("cuda", StringComparison.OrdinalIgnoreCase));

        // ConfigurePip rewrote the copy's Dockerfiles: pip settings in the final stage, CPU torch installed first.
        var aidb = DockerfileParser.Parse(File.ReadAllText(Path.Combine(stack.StackDirectory, "aidb", "Dockerfile")));
        var env = aidb.Stages[^1].Instructions.Where(i => i.Command == "ENV").SelectMany(i => i.KeyValues).ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("300", env["PIP_DEFAULT_TIMEOUT"]);
        Assert.DoesNotContain("PIP_PARALLEL_BUILDS", env.Keys);
        var runs = aidb.Stages[^1].Instructions.Where(i => i.Command == "RUN").Select(i => i.ArgumentText).ToList();
        var torchFirst = runs.FindIndex(r => r.Contains("--index-url \"${PIP_TORCH_INDEX_URL}\" torch==2.5.1", StringComparison.Ordinal));
        var requirements = runs.FindIndex(r => r.Contains("-r /app/requirements.txt", StringComparison.Ordinal));
        Assert.True(torchFirst >= 0 && torchFirst < requirements, string.Join("\n", runs));

        // LockCpu wrote hash-pinned locks with the CPU torch and no CUDA package.
        var lockText = File.ReadAllText(Path.Combine(stack.StackDirectory, "aidb", "requirements.lock"));
        Assert.Contains("torch==2.5.1+cpu", lockText);
        Assert.Contains("--hash=sha256:", lockText);
        Assert.DoesNotContain("nvidia-", lockText);

        // Each service is locked for its own Python (issue 19): health-monitor runs 3.11 and gets
        // `numpy; python_version < "3.12"`, hybrid-coordinator runs 3.13 (bootstrapped from trixie) and does not.
        var on311 = File.ReadAllText(Path.Combine(stack.StackDirectory, "health-monitor", "requirements.lock"));
        var on313 = File.ReadAllText(Path.Combine(stack.StackDirectory, "hybrid-coordinator", "requirements.lock"));
        Assert.Contains("# python: CPython 3.11", on311);
        Assert.Contains("\nnumpy==2.2.0 ", on311);
        Assert.Contains("# python: CPython 3.13", on313);
        Assert.DoesNotContain("numpy", on313);

        // The summary table reports every target.
        foreach (var target in new[] { "Stop", "ConfigurePip", "LockCpu", "Prefetch", "BaseImage", "BuildParallel", "Verify" })
            Assert.Matches($@"(?m)^{target}\s+Succeeded", output);
    }

    [Fact]
    public async Task A_service_that_bypasses_ConfigurePip_gets_CUDA_torch_and_Verify_names_the_nvidia_packages()
    {
        var podman = await EngineWithBaseImageAsync();
        using var stack = new StackCopy("e2e-broken");
        // A variant of aidb that installs torch straight from the PyPI-like index, as the unfixed stack did: the
        // proxy's unrouted main view (its routed index, PIP_INDEX_URL, would only offer the CPU torch).
        Directory.CreateDirectory(Path.Combine(stack.StackDirectory, "broken"));
        File.WriteAllText(Path.Combine(stack.StackDirectory, "broken", "Dockerfile"), """
            FROM python:3.11-slim
            ARG PIP_INDEX_URL
            ARG PIP_TRUSTED_HOST
            RUN pip install --no-cache-dir --index-url "${PIP_INDEX_URL%routed/simple/}main/simple/" torch==2.5.1
            CMD ["python", "-c", "import torch; print(torch.cuda.is_available())"]
            """);
        File.AppendAllText(stack.ComposeFile, """

              broken:
                build:
                  context: .
                  dockerfile: broken/Dockerfile
            """);

        var (exit, output) = await stack.BuildAsync(podman.Endpoint.ToString(), "BuildParallel", "Verify", "--services", "broken");
        await StackCopy.RemoveImagesAsync(podman, [stack.Image("broken")]);

        Assert.NotEqual(0, exit);
        Assert.Matches(@"(?m)^BuildParallel\s+Succeeded", output);
        Assert.Matches(@"(?m)^Verify\s+Failed", output);
        var failures = JUnitReport.Read(Path.Combine(stack.VerifyReports, "junit.xml")).Where(c => c.Failure is not null).ToList();
        var cuda = Assert.Single(failures, c => c.Failure!.Contains("nvidia-cublas-cu12", StringComparison.Ordinal));
        Assert.Contains("nvidia-cudnn-cu12", cuda.Failure);
        Assert.Contains("triton", cuda.Failure);
    }

    [Fact]
    public async Task BaseImage_pulls_the_mapped_image_from_the_registry_named_on_the_command_line()
    {
        await using var registry = await LocalRegistry.StartAsync();
        await using var engine = await PodmanService.StartOwnAsync(registry.RegistriesConf);
        var pushed = await registry.PushAsync(engine, "library/python:3.11-slim", "PYTHON_VERSION=3.11.9");
        var tag = $"localhost/pipeline-test/e2e-pulled:{Guid.NewGuid():N}"[..58];
        using var stack = new StackCopy("e2e-base-image");
        try
        {
            var (exit, output) = await stack.BuildAsync(engine.Endpoint.ToString(), "BaseImage",
                "--base-image-registry", registry.Host, "--base-image-map", $"python:3.11-slim={tag}");

            Assert.True(exit == 0, output);
            Assert.Matches(@"(?m)^BaseImage\s+Succeeded", output);
            Assert.Contains($"pulled {pushed}", output);
            await using var session = await engine.ConnectAsync();
            var image = await session.Client.Images.InspectImageAsync(tag);
            Assert.Contains("PYTHON_VERSION=3.11.9", image.Config?.Env ?? []);
        }
        finally
        {
            await StackCopy.RemoveImagesAsync(engine, [tag, tag[..tag.LastIndexOf(':')] + ":3.11.9", pushed]);
        }
    }

    [Theory]
    [InlineData("--parallelism", "0", "BuildParallel: BuildParallelOptions.Parallelism 0: expected 1 to 64 (set by --parallelism)")]
    [InlineData("--fetch-connections", "65", "Prefetch: PrefetchOptions.FetchConnections 65: expected 0 to 64 (set by --fetch-connections)")]
    [InlineData("--push", "true", "BuildParallel: BuildParallelOptions.RegistryCache.Push true: needs a Repository, the registry to push the images to (set by --push)")]
    public async Task A_bad_parameter_value_stops_the_build_before_it_starts_with_exit_code_2(string parameter, string value, string line)
    {
        var podman = await PodmanService.GetAsync();
        using var stack = new StackCopy("e2e-bad-value");

        // Rebuild plans Stop first: the bad value must stop it before that, not only before the target it is for.
        var (exit, output) = await stack.BuildAsync(podman.Endpoint.ToString(), "Rebuild", parameter, value);

        Assert.Equal(2, exit);
        Assert.Contains(line, output);
        Assert.DoesNotMatch(@"(?m)^(Stop|BuildParallel)\s+(Succeeded|Failed)", output); // no target ran
    }
}
