using Pipeline.Containers.Context;

namespace Pipeline.Containers.Tests.Context;

public class DockerfileRewriterTests
{
    [Fact]
    public void Maps_base_images_on_from_lines_only()
    {
        const string dockerfile = "FROM python:3.11-slim AS build\nRUN echo python:3.11-slim\nFROM --platform=linux/amd64 docker.io/library/python:3.11-slim\nFROM build\n";

        var (text, replaced) = DockerfileRewriter.MapBaseImages(dockerfile,
            new Dictionary<string, string> { ["python:3.11-slim"] = "localhost/pipeline/python:3.11-slim" });

        Assert.Equal("FROM localhost/pipeline/python:3.11-slim AS build\nRUN echo python:3.11-slim\nFROM --platform=linux/amd64 localhost/pipeline/python:3.11-slim\nFROM build\n", text);
        Assert.Equal(2, replaced.Count);
    }

    [Fact]
    public void Strips_cache_mounts_and_keeps_other_flags()
    {
        const string dockerfile = "FROM x\nRUN --mount=type=cache,target=/root/.cache/pip --network=host pip install -r r.txt\nRUN --mount=type=secret,id=a cat /run/secrets/a\nRUN echo --mount=type=cache\n";

        var (text, removed) = DockerfileRewriter.StripCacheMounts(dockerfile);

        Assert.Equal(1, removed);
        Assert.Equal("FROM x\nRUN --network=host pip install -r r.txt\nRUN --mount=type=secret,id=a cat /run/secrets/a\nRUN echo --mount=type=cache\n", text);
        Assert.True(DockerfileRewriter.HasMounts(text));
        Assert.False(DockerfileRewriter.HasMounts("FROM x\nRUN echo --mount=a\n"));
    }

    [Fact]
    public void Lists_base_images_resolving_args_and_skipping_stages()
    {
        const string dockerfile = "ARG BASE=python:3.11\nARG TAG\nFROM ${BASE} AS deps\nFROM deps AS test\nFROM scratch\nFROM registry.local/tools:$TAG\n";

        var images = DockerfileRewriter.BaseImages(dockerfile, new Dictionary<string, string?> { ["TAG"] = "7" });

        Assert.Equal(["python:3.11", "registry.local/tools:7"], images);
    }

    [Theory]
    [InlineData("python", "docker.io/library/python:latest")]
    [InlineData("python:3.11", "docker.io/library/python:3.11")]
    [InlineData("user/app:1", "docker.io/user/app:1")]
    [InlineData("localhost/pipeline/python:3.11-slim", "localhost/pipeline/python:3.11-slim")]
    [InlineData("registry:5000/app", "registry:5000/app:latest")]
    [InlineData("stack-base", "docker.io/library/stack-base:latest")]
    public void Normalizes_image_names(string image, string expected) => Assert.Equal(expected, ImageReference.Normalize(image));
}
