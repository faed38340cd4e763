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
    public void Labels_become_one_sorted_LABEL_step_at_the_end_of_the_last_stage()
    {
        var text = DockerfileRewriter.AddLabels("FROM a AS build\nRUN make\nFROM b\nCOPY --from=build /x /x",
            new Dictionary<string, string> { ["z.last"] = "2", ["a.first"] = "1" });

        Assert.Equal("FROM a AS build\nRUN make\nFROM b\nCOPY --from=build /x /x\nLABEL \"a.first\"=\"1\" \"z.last\"=\"2\"\n", text);
    }

    [Fact]
    public void Labels_go_to_the_end_of_the_target_stage_when_one_is_built()
    {
        var text = DockerfileRewriter.AddLabels("FROM a AS good\nRUN ok\nFROM good AS bad\nRUN exit 9\n",
            new Dictionary<string, string> { ["k"] = "v" }, targetStage: "GOOD");

        Assert.Equal("FROM a AS good\nRUN ok\nLABEL \"k\"=\"v\"\nFROM good AS bad\nRUN exit 9\n", text);
    }

    [Theory]
    [InlineData("", "say \"hi\" for $5 C:\\x", "LABEL \"k\"=\"say \\\"hi\\\" for \\$5 C:\\\\x\"")]
    [InlineData("# escape=`\n", "say \"hi\" for $5 C:\\x", "LABEL \"k\"=\"say `\"hi`\" for `$5 C:\\x\"")]
    public void Label_values_are_quoted_with_the_files_escape_character(string directive, string value, string expected)
    {
        var text = DockerfileRewriter.AddLabels(directive + "FROM a\n", new Dictionary<string, string> { ["k"] = value });

        Assert.Equal(directive + "FROM a\n" + expected + "\n", text);
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

    [Fact]
    public void One_arg_line_may_declare_several_args()
    {
        const string dockerfile = "ARG REGISTRY=registry.local TAG=\"3.11\" NAME\nFROM $REGISTRY/${NAME}:$TAG\n";

        var images = DockerfileRewriter.BaseImages(dockerfile, new Dictionary<string, string?> { ["NAME"] = "python" });

        Assert.Equal(["registry.local/python:3.11"], images);
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
