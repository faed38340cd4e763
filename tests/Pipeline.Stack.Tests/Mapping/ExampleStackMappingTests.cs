using Pipeline.Compose.Loading;
using Pipeline.Stack.Mapping;
using Pipeline.Testing;

namespace Pipeline.Stack.Tests.Mapping;

/// <summary>
/// How the shipped example stack maps onto the targets: the committed example (extracted from <c>HEAD</c>), so the
/// tests still hold after <c>./build.sh Rebuild</c> rewrote <c>examples/ai-stack</c> in place.
/// </summary>
public class ExampleStackMappingTests(CommittedExampleFixture example) : IClassFixture<CommittedExampleFixture>
{
    private string ComposeFile => example.ComposeFile;

    private Task<Pipeline.Compose.Model.ComposeProject> Load() =>
        ComposeFileLoader.LoadAsync(new ComposeLoadOptions { Path = ComposeFile });

    [Fact]
    public async Task Every_service_has_its_own_Dockerfile_with_the_stack_root_as_context()
    {
        var targets = DockerfileTargets.For(await Load(), []);
        Assert.Equal(["aidb", "nixos-docs", "hybrid-coordinator", "health-monitor", "ralph-wiggum"],
            targets.Select(t => Path.GetFileName(Path.GetDirectoryName(t.DockerfilePath))));
        Assert.All(targets, t => Assert.Equal(Path.GetDirectoryName(ComposeFile), t.ContextDirectory));
    }

    [Fact]
    public async Task Python_projects_are_the_service_folders_holding_requirements()
    {
        var projects = PythonProjects.For(await Load(), ["aidb", "health-monitor"]);
        Assert.Equal(["aidb", "health-monitor"], projects.Select(Path.GetFileName));
        Assert.All(projects, p => Assert.True(File.Exists(Path.Combine(p, "requirements.txt"))));
    }

    [Fact]
    public async Task Verify_targets_carry_budgets_users_and_image_names()
    {
        var targets = VerifyTargets.For(await Load(), [], defaultSizeBudget: null);
        var aidb = targets.Single(t => t.Service == "aidb");
        Assert.Equal("ai-stack-aidb", aidb.Image);
        Assert.Equal(400L * 1000 * 1000, aidb.SizeBudgetBytes);
        Assert.Equal("coordinator", targets.Single(t => t.Service == "hybrid-coordinator").ExpectedUser);
        Assert.Null(aidb.Pip); // the shipped Dockerfile does not set pip's timeout yet: ConfigurePip does
    }

    [Fact]
    public async Task The_example_runs_two_pythons_each_locked_and_based_on_its_own()
    {
        var project = await Load();
        var targets = PythonProjects.Targets(project, [], Pipeline.Python.TargetPlatform.LinuxX86_64("3.11"), pythonOverride: null);
        Assert.Equal("3.13", targets.Single(t => Path.GetFileName(t.Directory) == "hybrid-coordinator").Target.PythonVersion);
        Assert.All(targets.Where(t => Path.GetFileName(t.Directory) != "hybrid-coordinator"),
            t => Assert.Equal("3.11", t.Target.PythonVersion));
        var map = new StackSettings { RootDirectory = "/", ComposeFile = ComposeFile }.BaseImageMap;
        Assert.Equal(["python:3.11-slim", "python:3.13-slim"], BaseImageUse.MappedBases(project, [], map).Order());
    }

    [Fact]
    public async Task An_unknown_service_names_the_file_and_lists_the_services()
    {
        var project = await Load();
        var error = Assert.Throws<StackException>(() => StackServices.Select(project, ["aidbb"]));
        Assert.Contains("docker-compose.yml: no service named 'aidbb'; the stack has aidb, nixos-docs", error.Message);
    }

    [Fact]
    public void Pip_expectations_come_from_the_final_stage_ENV()
    {
        using var dir = new TempDirectory();
        var dockerfile = dir.Write("Dockerfile", """
            FROM python:3.11-slim AS builder
            ENV PIP_DEFAULT_TIMEOUT=100
            FROM python:3.11-slim
            ENV PIP_DEFAULT_TIMEOUT=300 PIP_RETRIES=5
            """);
        var final = VerifyTargets.PipSettingsOf(dockerfile, targetStage: null);
        Assert.Equal(300, final!.TimeoutSeconds);
        Assert.Equal(5, final.Retries);
        Assert.Equal(100, VerifyTargets.PipSettingsOf(dockerfile, "builder")!.TimeoutSeconds);
    }

    [Fact]
    public void Base_image_maps_parse_from_to_pairs_and_reject_anything_else()
    {
        var map = SettingParsers.Map(["python:3.11-slim=localhost/py:3.11", "a = b"], "--base-image-map");
        Assert.Equal("localhost/py:3.11", map["python:3.11-slim"]);
        Assert.Equal("b", map["a"]);
        var error = Assert.Throws<StackException>(() => SettingParsers.Map(["nonsense"], "--base-image-map"));
        Assert.Equal("--base-image-map: 'nonsense' is not of the form from=to", error.Message);
    }
}

public class BaseImageUseTests(CommittedExampleFixture example) : IClassFixture<CommittedExampleFixture>
{
    [Fact]
    public async Task Only_base_images_the_Dockerfiles_start_from_are_needed()
    {
        var project = await ComposeFileLoader.LoadAsync(new ComposeLoadOptions { Path = example.ComposeFile });
        var map = new Dictionary<string, string> { ["python:3.11-slim"] = "localhost/pipeline/python:3.11-slim", ["node:22"] = "localhost/node:22" };

        Assert.Equal(["python:3.11-slim"], BaseImageUse.MappedBases(project, [], map));
        Assert.Empty(BaseImageUse.MappedBases(project, [], new Dictionary<string, string> { ["node:22"] = "x" }));
    }

    [Theory]
    [InlineData("docker.io/library/python:3.11-slim", "python:3.11-slim")]
    [InlineData("library/python:3.11-slim", "python:3.11-slim")]
    [InlineData("python:3.11-slim", "docker.io/library/python:3.11-slim")]
    [InlineData("python", "python:latest")]
    public async Task A_FROM_spelled_otherwise_than_the_map_key_is_used_as_BuildParallel_maps_it(string from, string key)
    {
        // BuildParallel maps FROM names normalised (DockerfileRewriter): BaseImage must make what it will build from.
        using var dir = new TempDirectory();
        dir.Write("app/Dockerfile", $"FROM {from} AS base\nFROM base\nRUN true\n");
        var compose = dir.Write("docker-compose.yml", """
            services:
              app:
                build:
                  context: .
                  dockerfile: app/Dockerfile
            """);
        var project = await ComposeFileLoader.LoadAsync(new ComposeLoadOptions { Path = compose });
        var map = new Dictionary<string, string> { [key] = "localhost/pipeline/python:3.11-slim", ["python:3.12-slim"] = "localhost/x:3.12" };

        Assert.Equal([key], BaseImageUse.MappedBases(project, [], map));
        Assert.Equal("localhost/pipeline/python:3.11-slim", Pipeline.Containers.Context.DockerfileRewriter.MapBaseImages($"FROM {from}\n", map).Replaced.Single().Split(" -> ")[1]);
    }

    [Fact]
    public async Task A_FROM_written_with_an_ARG_counts_as_the_image_the_compose_args_make_of_it()
    {
        using var dir = new TempDirectory();
        dir.Write("app/Dockerfile", "ARG PY=3.10\nARG BASE=python:${PY}-slim\nFROM ${BASE} AS base\nFROM base\n");
        var compose = dir.Write("docker-compose.yml", """
            services:
              app:
                build:
                  context: .
                  dockerfile: app/Dockerfile
                  args:
                    PY: "3.11"
            """);
        var project = await ComposeFileLoader.LoadAsync(new ComposeLoadOptions { Path = compose });
        var map = new Dictionary<string, string> { ["python:3.11-slim"] = "localhost/py:3.11", ["python:3.10-slim"] = "localhost/py:3.10" };

        Assert.Equal(["python:3.11-slim"], BaseImageUse.MappedBases(project, [], map));
    }
}
