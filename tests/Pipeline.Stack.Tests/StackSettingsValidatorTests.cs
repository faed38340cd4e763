namespace Pipeline.Stack.Tests;

public class StackSettingsValidatorTests
{
    private static readonly StackSettings Defaults = new() { RootDirectory = "/r", ComposeFile = "/r/compose.yaml" };

    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(StackSettingsValidator.Problems(Defaults));

    [Fact]
    public void Each_bad_number_is_one_line_naming_its_parameter()
    {
        var problems = StackSettingsValidator.Problems(Defaults with
        {
            Parallelism = 0,
            BuildAttempts = 0,
            VerifyTimeout = TimeSpan.Zero,
            IndexPort = 70000,
            WheelScale = 2,
            StopGracePeriod = TimeSpan.FromSeconds(-1),
        });

        Assert.Equal(
        [
            "--stop-grace-seconds -1: expected 0 or more seconds",
            "--wheel-scale 2: expected a fraction above 0, at most 1",
            "--index-port 70000: expected a TCP port (0 picks a free one)",
            "--parallelism 0: expected 1 or more",
            "--build-attempts 0: expected 1 or more (the first attempt counts)",
            "--verify-timeout 0: expected a positive number of seconds",
        ], problems);
    }

    [Fact]
    public void Out_of_range_index_faults_are_one_line_naming_the_fault() =>
        Assert.Equal(["Mirror faults: Drop: expected a value from 0 to 1"],
            StackSettingsValidator.Problems(Defaults with { IndexFaults = new Pipeline.Python.Index.Faults.IndexFaults { Drop = 2 } }));

    [Fact]
    public void An_unset_parallelism_means_the_machine_default_and_is_valid() =>
        Assert.Empty(StackSettingsValidator.Problems(Defaults with { Parallelism = null, IndexPort = 0 }));

    [Fact]
    public void Bad_base_image_settings_are_one_line_each_naming_the_parameter()
    {
        // Without this, a bad suite or tag fails only when BaseImage runs, after Stop, ConfigurePip and LockCpu.
        var problems = StackSettingsValidator.Problems(Defaults with
        {
            BaseImageMap = new Dictionary<string, string> { ["python:3.11-slim"] = "Localhost/Py thon:3.11" },
            BaseImageSuite = "Bookworm!",
            BaseImageMirror = "ftp://mirror.example/debian",
            BaseImagePackages = ["curl", "Bad Package"],
        });

        Assert.Equal(
        [
            "--base-image-map python:3.11-slim=Localhost/Py thon:3.11: expected the local image after '=' to be a reference like localhost/pipeline/python:3.11-slim",
            "--base-image-suite 'Bookworm!': expected a Debian suite name like bookworm",
            "--debian-mirror 'ftp://mirror.example/debian': expected an http:// or https:// URL of a Debian archive",
            "--base-image-packages 'Bad Package': expected a Debian package name (lowercase letters, digits, + - .)",
        ], problems);
    }

    [Fact]
    public void A_registry_that_makes_no_pullable_reference_is_named()
    {
        var problems = StackSettingsValidator.Problems(Defaults with { BaseImageRegistry = "https://Registry.corp" });

        var problem = Assert.Single(problems);
        Assert.StartsWith("--base-image-registry https://Registry.corp: python:3.11-slim would be pulled as 'https://Registry.corp/library/python:3.11-slim'", problem);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("mirror.corp:5000")]
    [InlineData(null)]
    public void Usable_registries_and_none_are_valid(string? registry) =>
        Assert.Empty(StackSettingsValidator.Problems(Defaults with { BaseImageRegistry = registry, BaseImageMirror = "http://deb.debian.org/debian" }));

    [Theory]
    [InlineData("host", true)]
    [InlineData("HOST", true)]
    [InlineData("default", false)]
    [InlineData("bridge", false)]
    public void Network_host_means_host_networking_and_default_or_bridge_the_engines_network(string network, bool host) =>
        Assert.Equal(host, SettingParsers.HostNetwork(network, "--network"));

    [Theory]
    [InlineData("hots")]
    [InlineData("")]
    [InlineData("none")]
    public void Any_other_network_is_one_line_naming_the_parameter(string network)
    {
        // A typo used to mean the default network silently: builds then cannot reach the index on 127.0.0.1.
        var error = Assert.Throws<StackException>(() => SettingParsers.HostNetwork(network, "--network"));
        Assert.Equal($"--network {network}: expected host, default or bridge", error.Message);
    }
}
