using Pipeline.BaseImages;
using Pipeline.Containers.Building;
using Pipeline.Containers.Stopping;
using Pipeline.IO.Options;
using Pipeline.Python.Index.Faults;
using Pipeline.Verify;

namespace Pipeline.Stack.Tests;

/// <summary>
/// The options each stack target runs with, made from the stack and the build's functions, checked against the
/// ranges the library options declare, before anything runs and without touching a file or the engine.
/// </summary>
public class StackOptionsTests
{
    private static readonly StackSettings Defaults = new() { RootDirectory = "/r", ComposeFile = "/r/compose.yaml" };

    private static IReadOnlyList<string> Problems(string target, StackSettings? settings = null, StackTargetOptions? targets = null) =>
        new StackSession(settings ?? Defaults, targets: targets).Problems(target);

    [Theory]
    [InlineData("Stop")]
    [InlineData("ConfigurePip")]
    [InlineData("LockCpu")]
    [InlineData("BaseImage")]
    [InlineData("BuildParallel")]
    [InlineData("Prefetch")]
    [InlineData("Verify")]
    [InlineData("Mirror")]
    [InlineData("Proxy")]
    public void The_defaults_are_valid(string target) => Assert.Empty(Problems(target));

    [Fact]
    public void A_bad_number_is_one_line_naming_the_option_its_value_and_the_declared_range()
    {
        var targets = new StackTargetOptions
        {
            Stop = o => o with { GracePeriod = TimeSpan.FromSeconds(-1) },
            BuildParallel = o => o with { Parallelism = 0, Retry = o.Retry with { MaxAttempts = 0 } },
            Verify = o => o with { CommandTimeout = TimeSpan.Zero },
        };

        Assert.Equal(["StopOptions.GracePeriod -1 s: expected 0 s to 1 h"], Problems("Stop", targets: targets));
        Assert.Equal(
        [
            "BuildParallelOptions.Parallelism 0: expected 1 to 64",
            "BuildParallelOptions.Retry.MaxAttempts 0: expected 1 to 100",
        ], Problems("BuildParallel", targets: targets));
        Assert.Equal(["VerifyOptions.CommandTimeout 0 s: expected above 0 s and at most 1 d"], Problems("Verify", targets: targets));
    }

    [Fact]
    public void Prefetch_connections_and_a_push_without_a_registry_are_checked_by_the_options_that_declare_them()
    {
        var targets = new StackTargetOptions
        {
            Prefetch = o => o with { FetchConnections = 65 },
            BuildParallel = o => o with { RegistryCache = new RegistryCacheOptions { Repository = "", Push = true } },
        };

        Assert.Equal(["PrefetchOptions.FetchConnections 65: expected 0 to 64"], Problems("Prefetch", targets: targets));
        Assert.Equal(["BuildParallelOptions.RegistryCache.Push true: needs a Repository, the registry to push the images to"], Problems("BuildParallel", targets: targets));
        Assert.Empty(Problems("Prefetch", targets: targets with { Prefetch = o => o with { FetchConnections = 0 } }));
        Assert.Equal(["BuildParallelOptions.RegistryCache.Repository '': expected a registry host and path such as registry.example:5000/ai-stack"],
            Problems("BuildParallel", targets: targets with { BuildParallel = o => o with { RegistryCache = new RegistryCacheOptions { Repository = "" } } }));
    }

    [Fact]
    public async Task A_prefetch_with_bad_options_throws_one_line_before_it_starts()
    {
        await using var session = new StackSession(Defaults, targets: new StackTargetOptions { Prefetch = o => o with { FetchConnections = -1 } });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => session.StartPrefetchAsync(CancellationToken.None));

        Assert.Equal("PrefetchOptions.FetchConnections -1: expected 0 to 64", error.Message);
    }

    [Fact]
    public void Index_settings_are_checked_by_the_mirror_and_proxy_options_that_declare_them()
    {
        var settings = Defaults with { IndexPort = 70000, WheelScale = 2, IndexFaults = new IndexFaults { Drop = 2 } };

        var problems = Problems("Mirror", settings);

        Assert.Contains("StackSettings.IndexFaults.Drop 2: expected 0 to 1", problems);
        Assert.Contains("MirrorOptions.ScaleFactor 2: expected above 0 and at most 1", problems);
        Assert.Contains("MirrorOptions.Port 70000: expected 0 to 65535", problems);
        Assert.Contains("PackageProxyOptions.Port 70000: expected 0 to 65535", Problems("BuildParallel", settings));
    }

    [Fact]
    public void An_unset_parallelism_means_the_machine_default_and_is_valid() =>
        Assert.Empty(Problems("BuildParallel", Defaults with { IndexPort = 0 }, new StackTargetOptions { BuildParallel = o => o with { Parallelism = null } }));

    [Fact]
    public void A_machine_local_cpu_index_is_refused_because_it_is_written_into_files() =>
        Assert.Contains(Problems("ConfigurePip", Defaults with { TorchCpuIndexUrl = "http://127.0.0.1:3141/cpu/simple/" }),
            p => p.StartsWith("StackSettings.TorchCpuIndexUrl 'http://127.0.0.1:3141/cpu/simple/': expected a public http(s) URL", StringComparison.Ordinal));

    [Fact]
    public void Bad_base_image_settings_are_one_line_each_before_any_target_runs()
    {
        // Without this, a bad suite or tag fails only when BaseImage runs, after Stop, ConfigurePip and LockCpu.
        var problems = Problems("BaseImage",
            Defaults with { BaseImageMap = new Dictionary<string, string> { ["python:3.11-slim"] = "Localhost/Py thon:3.11" } },
            new StackTargetOptions
            {
                BaseImage = o => o with { Suite = "Bookworm!", Mirror = "ftp://mirror.example/debian", ExtraPackages = ["curl", "Bad Package"] },
            });

        Assert.Equal(
        [
            "StackSettings.BaseImageMap python:3.11-slim=Localhost/Py thon:3.11: expected the local image after '=' to be a reference like localhost/pipeline/python:3.11-slim",
            "PythonBaseImageOptions.Suite 'Bookworm!': expected a Debian suite name like bookworm",
            "PythonBaseImageOptions.Mirror 'ftp://mirror.example/debian': expected an http:// or https:// URL of a Debian archive",
            "PythonBaseImageOptions.ExtraPackages ['curl', 'Bad Package']: expected Debian package names (lowercase letters, digits, + - .)",
        ], problems);
    }

    [Fact]
    public void A_registry_that_makes_no_pullable_reference_is_named()
    {
        var problem = Assert.Single(Problems("BaseImage", targets: new StackTargetOptions { BaseImageRegistry = "https://Registry.corp" }));
        Assert.StartsWith("StackTargetOptions.BaseImageRegistry 'https://Registry.corp': python:3.11-slim would be pulled as 'https://Registry.corp/library/python:3.11-slim'", problem);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("mirror.corp:5000")]
    [InlineData(null)]
    public void Usable_registries_and_none_are_valid(string? registry) =>
        Assert.Empty(Problems("BaseImage", targets: new StackTargetOptions { BaseImageRegistry = registry }));

    [Theory]
    [InlineData("3.12", true)]
    [InlineData("3.9", true)]
    [InlineData("3", false)]
    [InlineData("python3.12", false)]
    public void The_python_version_is_x_dot_y(string version, bool valid) =>
        Assert.Equal(valid, Problems("LockCpu", targets: new StackTargetOptions { PythonVersion = version }).Count == 0);

    [Fact]
    public async Task A_target_with_bad_options_throws_one_line_before_touching_the_engine()
    {
        // The engine endpoint does not exist: validation must fail first, naming the option.
        await using var session = new StackSession(Defaults with { Engine = "unix:///nonexistent/pipeline.sock" },
            targets: new StackTargetOptions { Stop = o => o with { Parallelism = 0 } });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => session.StopAsync(CancellationToken.None));

        Assert.Equal("StopOptions.Parallelism 0: expected 1 to 64", error.Message);
    }

    [Theory]
    [InlineData("host", true)]
    [InlineData("HOST", true)]
    [InlineData("default", false)]
    [InlineData("bridge", false)]
    public void Network_host_means_host_networking_and_default_or_bridge_the_engines_network(string network, bool host) =>
        Assert.Equal(host, BuildParallelOptions.IsHostNetwork(network));

    [Theory]
    [InlineData("hots")]
    [InlineData("")]
    [InlineData("none")]
    public void Any_other_network_is_one_line_naming_the_value(string network)
    {
        // A typo used to mean the default network silently: builds then cannot reach the index on 127.0.0.1.
        var error = Assert.Throws<OptionsValidationException>(() => BuildParallelOptions.IsHostNetwork(network));
        Assert.Equal($"BuildParallelOptions.HostNetwork '{network}': expected host, default or bridge", error.Message);
    }

    [Fact]
    public void Every_options_type_declares_valid_defaults()
    {
        // The defaults are declared once, on the properties: they must pass their own ranges.
        Assert.Empty(OptionsValidator.Problems(new StopOptions { Compose = new() { Path = "/r/compose.yaml" } }));
        Assert.Empty(OptionsValidator.Problems(new BuildParallelOptions { Compose = new() { Path = "/r/compose.yaml" } }));
        Assert.Empty(OptionsValidator.Problems(new VerifyOptions { Targets = [], RootDirectory = "/r" }));
        Assert.Empty(OptionsValidator.Problems(new PythonBaseImageOptions { WorkDirectory = "/r/.nuke/temp/base-image" }));
        Assert.Empty(OptionsValidator.Problems(new Pipeline.Python.LockCpu.LockCpuOptions()));
        Assert.Empty(OptionsValidator.Problems(new Pipeline.Containers.Engine.EngineOptions()));
        Assert.Empty(OptionsValidator.Problems(new PrefetchOptions()));
        Assert.Empty(OptionsValidator.Problems(new RegistryCacheOptions { Repository = "registry.example:5000/ai-stack", Push = true }));
    }
}
