using Pipeline.Compose.Loading;
using Pipeline.Containers.Building;

namespace Pipeline.Containers.Tests.Building;

public class BuildPlannerTests
{
    private static readonly Pipeline.Compose.Model.ComposeProject Project = ComposeFileLoader.Parse("""
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
        """, "/work/stack/compose.yaml", new Dictionary<string, string>());

    private static readonly Dictionary<string, string> Dockerfiles = new()
    {
        ["app"] = "FROM stack-base\nFROM localhost/tools:1 AS t\n",
        ["base"] = "FROM python:3.11\n",
        ["tools"] = "FROM scratch\n",
    };

    [Fact]
    public void Bases_come_first()
    {
        var plan = BuildPlanner.Plan(Project, [], Dockerfiles);

        Assert.Equal(["base", "tools", "app"], plan.Select(p => p.Service.Name));
        Assert.Equal(["base", "tools"], plan.Single(p => p.Service.Name == "app").DependsOn);
        Assert.Equal("stack-base", plan.Single(p => p.Service.Name == "base").Image);
    }

    [Fact]
    public void Selection_restricts_the_set()
    {
        var plan = BuildPlanner.Plan(Project, ["app"], Dockerfiles);

        Assert.Equal(["app"], plan.Select(p => p.Service.Name));
        Assert.Empty(plan[0].DependsOn);
    }

    [Theory]
    [InlineData("nope", "/work/stack/compose.yaml: unknown service 'nope' (services with build: app, base, tools)")]
    [InlineData("db", "/work/stack/compose.yaml:9: service 'db' has no build: section")]
    public void Bad_selection_is_one_clear_line(string service, string message) =>
        Assert.Equal(message, Assert.Throws<BuildPlanException>(() => BuildPlanner.Plan(Project, [service], Dockerfiles)).Message);

    [Fact]
    public void Cycles_are_reported()
    {
        var cyclic = new Dictionary<string, string>(Dockerfiles) { ["base"] = "FROM stack-app\n" };

        var error = Assert.Throws<BuildPlanException>(() => BuildPlanner.Plan(Project, [], cyclic));

        Assert.Contains("cycle", error.Message);
    }
}
