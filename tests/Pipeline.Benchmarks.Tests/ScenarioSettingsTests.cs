using Pipeline.Benchmarks;
using Pipeline.Compose.Loading;
using Pipeline.Containers.Building;
using Pipeline.Stack;

namespace Pipeline.Benchmarks.Tests;

public class ScenarioSettingsTests
{
    private static BuildParallelOptions BuildOptionsFor(Scenario scenario, Phase phase)
    {
        var options = new BenchmarkOptions { RootDirectory = "/r", ComposeFile = "/r/docker-compose.yml", ByHandParallelism = 3 };
        var defaults = new StackSettings
        {
            RootDirectory = "/r", ComposeFile = "/r/docker-compose.yml",
            IndexUrl = "http://127.0.0.1:9/pypi/simple/", CpuIndexUrl = "http://127.0.0.1:9/cpu/simple/",
        };
        var (_, targets) = BenchmarkRunner.SettingsFor(options, new PlannedRun(scenario, phase, 1), defaults, "/r/copy/docker-compose.yml", coldWithoutCache: false);
        return targets.BuildParallel!(new BuildParallelOptions { Compose = new ComposeLoadOptions { Path = "/r/copy/docker-compose.yml" } });
    }

    [Theory]
    [InlineData(Scenario.AsIs)]
    [InlineData(Scenario.ByHand)]
    public void Baselines_send_every_image_to_the_engine_as_a_user_build_does(Scenario scenario)
    {
        var warm = BuildOptionsFor(scenario, Phase.Warm);

        Assert.False(warm.SkipUnchanged);
        Assert.Equal(1, warm.Retry.MaxAttempts);
        Assert.Equal("http://127.0.0.1:9/pypi/simple/", warm.BuildArgs["PIP_INDEX_URL"]);
    }

    [Fact]
    public void Pipeline_keeps_its_own_build_settings_and_skips_unchanged_images()
    {
        var warm = BuildOptionsFor(Scenario.Pipeline, Phase.Warm);

        Assert.True(warm.SkipUnchanged);
        Assert.False(warm.BuildArgs.ContainsKey("PIP_INDEX_URL"));
        Assert.Equal(3, BuildOptionsFor(Scenario.ByHand, Phase.Cold).Parallelism);
    }

    [Theory]
    [InlineData(Scenario.AsIs)]
    [InlineData(Scenario.ByHand)]
    public void Builds_without_Pipeline_reach_the_upstream_straight_even_where_a_Dockerfile_names_it(Scenario scenario)
    {
        var options = new BenchmarkOptions { RootDirectory = "/r", ComposeFile = "/r/docker-compose.yml" };
        var defaults = new Pipeline.Stack.StackSettings
        {
            RootDirectory = "/r", ComposeFile = "/r/docker-compose.yml",
            IndexUrl = "http://127.0.0.1:5000/pypi/simple/", CpuIndexUrl = "http://127.0.0.1:5000/cpu/simple/",
        };

        var (_, targets) = BenchmarkRunner.SettingsFor(options, new PlannedRun(scenario, Phase.Cold, 1), defaults, "/w/c/docker-compose.yml", coldWithoutCache: false);
        var build = targets.BuildParallel!(new Pipeline.Containers.Building.BuildParallelOptions { Compose = new() { Path = "/w/c/docker-compose.yml" } });
        var pipeline = BenchmarkRunner.SettingsFor(options, new PlannedRun(Scenario.Pipeline, Phase.Cold, 1), defaults, "/w/c/docker-compose.yml", coldWithoutCache: false)
            .Targets.BuildParallel!(new Pipeline.Containers.Building.BuildParallelOptions { Compose = new() { Path = "/w/c/docker-compose.yml" } });

        Assert.Equal("http://127.0.0.1:5000/cpu/simple/", build.IndexProxies["http://127.0.0.1:5000/cpu/simple/"]);
        Assert.Equal("http://127.0.0.1:5000/pypi/simple/", build.IndexProxies["http://127.0.0.1:5000/pypi/simple/"]);
        Assert.Equal("http://127.0.0.1:5000/pypi/simple/", build.BuildArgs["PIP_INDEX_URL"]);
        Assert.Empty(pipeline.IndexProxies);
    }

    [Fact]
    public void Every_scenario_labels_its_images_with_the_benchmarks_one_creation_time_and_revision()
    {
        var options = new BenchmarkOptions { RootDirectory = "/r", ComposeFile = "/r/docker-compose.yml" };
        var defaults = new Pipeline.Stack.StackSettings { RootDirectory = "/r", ComposeFile = "/r/docker-compose.yml" };
        var created = new DateTimeOffset(2026, 12, 3, 19, 0, 0, TimeSpan.Zero);

        foreach (var scenario in ScenarioNames.All)
        {
            var (_, targets) = BenchmarkRunner.SettingsFor(options, new PlannedRun(scenario, Phase.Warm, 1), defaults, "/w/docker-compose.yml", coldWithoutCache: false, created, "abc123");
            var build = targets.BuildParallel!(new Pipeline.Containers.Building.BuildParallelOptions { Compose = new() { Path = "/w/docker-compose.yml" } });
            Assert.Equal(created, build.Created);
            Assert.Equal("abc123", build.Labels["org.opencontainers.image.revision"]);
        }
    }
}
