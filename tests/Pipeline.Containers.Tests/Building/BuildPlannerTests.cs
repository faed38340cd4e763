using Pipeline.Compose.Loading;
using Pipeline.Compose.Model;
using Pipeline.Containers.Building;
using Pipeline.Testing;

namespace Pipeline.Containers.Tests.Building;

public sealed class BuildPlannerTests : IDisposable
{
    private const string Compose = """
        services:
          app:
            build: ./app
          base:
            build: ./base
          tools:
            image: localhost/tools:1
            build: ./tools
          db:
            image: postgres:16
        """;

    private static readonly Dictionary<string, string> Dockerfiles = new()
    {
        ["app"] = "FROM stack-base\nFROM localhost/tools:1 AS t\n",
        ["base"] = "FROM python:3.11\n",
        ["tools"] = "FROM scratch\n",
    };

    private readonly TempDirectory _dir = new("planner");

    public BuildPlannerTests()
    {
        foreach (var (service, text) in Dockerfiles) _dir.Write($"stack/{service}/Dockerfile", text);
    }

    public void Dispose() => _dir.Dispose();

    private string ComposeFile => _dir.Combine("stack", "compose.yaml");

    private ComposeProject Load(string compose = Compose) =>
        ComposeFileLoader.Parse(compose, ComposeFile, new Dictionary<string, string>());

    [Fact]
    public void Bases_come_first()
    {
        var plan = BuildPlanner.Plan(Load(), [], Dockerfiles);

        Assert.Equal(["base", "tools", "app"], plan.Select(p => p.Service.Name));
        Assert.Equal(["base", "tools"], plan.Single(p => p.Service.Name == "app").DependsOn);
        Assert.Equal("stack-base", plan.Single(p => p.Service.Name == "base").Image);
    }

    [Fact]
    public void Selection_restricts_the_set()
    {
        var plan = BuildPlanner.Plan(Load(), ["app"], Dockerfiles);

        Assert.Equal(["app"], plan.Select(p => p.Service.Name));
        Assert.Empty(plan[0].DependsOn);
    }

    [Theory]
    [InlineData("nope", ": unknown service 'nope' (services with build: app, base, tools)")]
    [InlineData("db", ":9: service 'db' has no build: section")]
    public void Bad_selection_is_one_clear_line(string service, string message) =>
        Assert.Equal(ComposeFile + message, Assert.Throws<BuildPlanException>(() => BuildPlanner.Plan(Load(), [service], Dockerfiles)).Message);

    [Fact]
    public void Cycles_are_reported()
    {
        var cyclic = new Dictionary<string, string>(Dockerfiles) { ["base"] = "FROM stack-app\n" };

        var error = Assert.Throws<BuildPlanException>(() => BuildPlanner.Plan(Load(), [], cyclic));

        Assert.Contains("cycle", error.Message);
    }

    [Theory]
    [InlineData("https://github.com/example/app.git#main")]
    [InlineData("git@github.com:example/app.git")]
    [InlineData("github.com/example/app")]
    public void A_remote_build_context_is_rejected_with_file_and_line(string context)
    {
        var project = Load($"services:\n  db:\n    image: postgres:16\n  app:\n    build:\n      context: {context}\n");

        var error = Assert.Throws<BuildPlanException>(() => BuildPlanner.Plan(project, [], new Dictionary<string, string>()));

        Assert.Equal($"{ComposeFile}:4: service 'app': build context '{context}' is remote; BuildParallel builds only local folders (clone it and point context: at the folder)", error.Message);
    }

    [Fact]
    public void A_missing_context_folder_or_dockerfile_is_reported_with_file_and_line()
    {
        var missingFolder = Load("services:\n  app:\n    build: ./nowhere\n");
        var missingDockerfile = Load("services:\n  app:\n    build:\n      context: ./app\n      dockerfile: Containerfile\n");

        var folder = Assert.Throws<BuildPlanException>(() => BuildPlanner.Plan(missingFolder, [], Dockerfiles));
        var dockerfile = Assert.Throws<BuildPlanException>(() => BuildPlanner.Plan(missingDockerfile, [], Dockerfiles));

        Assert.Equal($"{ComposeFile}:2: service 'app': build context {_dir.Combine("stack", "nowhere")} does not exist", folder.Message);
        Assert.Equal($"{ComposeFile}:2: service 'app': Dockerfile {_dir.Combine("stack", "app", "Containerfile")} does not exist", dockerfile.Message);
    }
}
