using Pipeline.BaseImages.Planning;

namespace Pipeline.BaseImages.Tests.Planning;

public sealed class ImageConfigPlanTests
{
    private static readonly BaseImageRecipe Recipe = BaseImageRecipe.ForBootstrap("bookworm", "http://deb.debian.org/debian", []);
    private static readonly DateTimeOffset Created = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Bootstrap_config_sets_env_cmd_and_labels()
    {
        var lines = ImageConfigPlan.ForBootstrap(Recipe, "3.11.2", Created);
        Assert.Contains("ENV LANG=C.UTF-8", lines);
        Assert.Contains("ENV PYTHON_VERSION=3.11.2", lines);
        Assert.Contains($"ENV PATH={ImageConfigPlan.Path}", lines);
        Assert.Contains("""CMD ["python3"]""", lines);
        Assert.Contains($"LABEL {BaseImageRecipe.LabelName}=\"{Recipe.Hash}\"", lines);
        Assert.Contains("LABEL org.opencontainers.image.created=\"2026-01-02T03:04:05Z\"", lines);
        Assert.Contains("LABEL org.opencontainers.image.version=\"3.11.2\"", lines);
    }

    [Fact]
    public void Registry_config_only_labels()
    {
        var lines = ImageConfigPlan.ForRegistry(BaseImageRecipe.ForRegistry("docker.io/library/python:3.11-slim"), "3.11.9", Created);
        Assert.All(lines, l => Assert.StartsWith("LABEL ", l));
    }

    [Fact]
    public void Dockerfile_starts_from_the_given_image_with_the_instructions_in_order() =>
        Assert.Equal("FROM sha256:abc\nLABEL a=\"1\"\nCMD [\"python3\"]\n", ImageConfigPlan.Dockerfile("sha256:abc", ["LABEL a=\"1\"", "CMD [\"python3\"]"]));

    [Fact]
    public void Bootstrap_label_values_escape_quotes_and_backslashes()
    {
        // A suite and a version are text from outside: unescaped, '"' ends the LABEL value early and '\' escapes the next
        // character. (A mirror is normalised as a URI first, which percent-encodes both.)
        var recipe = BaseImageRecipe.ForBootstrap(@"book""worm\x", "http://mirror/debian", []);

        var lines = ImageConfigPlan.ForBootstrap(recipe, @"3.11""\2", Created);

        Assert.Contains(@"LABEL org.opencontainers.image.version=""3.11\""\\2""", lines);
        Assert.Contains(@"LABEL org.opencontainers.image.base.name=""debian:book\""worm\\x""", lines);
        Assert.Contains(@"LABEL org.opencontainers.image.description=""Debian book\""worm\\x with Python 3.11\""\\2, bootstrapped from http://mirror/debian""", lines);
    }

    [Fact]
    public void Registry_label_values_escape_quotes_and_backslashes()
    {
        var lines = ImageConfigPlan.ForRegistry(BaseImageRecipe.ForRegistry(@"reg/py""thon\:3"), "3.11.9", Created);

        Assert.Contains(@"LABEL org.opencontainers.image.base.name=""reg/py\""thon\\:3""", lines);
        Assert.Contains(@"LABEL org.opencontainers.image.description=""reg/py\""thon\\:3 (Python 3.11.9), labelled for reuse""", lines);
    }
}
