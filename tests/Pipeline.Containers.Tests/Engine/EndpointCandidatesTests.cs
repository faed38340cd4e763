using Pipeline.Containers.Engine;

namespace Pipeline.Containers.Tests.Engine;

public class EndpointCandidatesTests
{
    [Fact]
    public void Order_is_environment_then_podman_then_docker()
    {
        var candidates = EndpointCandidates.For(new EngineOptions
        {
            Environment = new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = "unix:///a/docker.sock",
                ["CONTAINER_HOST"] = "/b/podman.sock",
                ["XDG_RUNTIME_DIR"] = "/run/user/1000",
            },
        });

        Assert.Equal(
            ["unix:///a/docker.sock", "unix:///b/podman.sock", "unix:///run/podman/podman.sock", "unix:///run/user/1000/podman/podman.sock", "unix:///var/run/docker.sock"],
            candidates.Select(c => c.Endpoint.ToString()));
        Assert.Equal(["DOCKER_HOST", "CONTAINER_HOST", "rootful podman", "rootless podman", "docker"], candidates.Select(c => c.Source));
    }

    [Fact]
    public void An_explicit_engine_is_the_only_candidate()
    {
        var candidates = EndpointCandidates.For(new EngineOptions
        {
            Endpoint = "unix:///x.sock",
            Environment = new Dictionary<string, string> { ["DOCKER_HOST"] = "unix:///a.sock" },
        });

        Assert.Equal("unix:///x.sock", Assert.Single(candidates).Endpoint.ToString());
    }
}
