using Pipeline.Stack.Mapping;

namespace Pipeline.Stack.Tests.Mapping;

public class BaseImageRequestTests
{
    [Theory]
    [InlineData("python:3.11-slim", "docker.io", "docker.io/library/python:3.11-slim")]
    [InlineData("python:3.11-slim", "mirror.corp:5000/", "mirror.corp:5000/library/python:3.11-slim")]
    [InlineData("bitnami/python:3.11", "mirror.corp:5000", "mirror.corp:5000/bitnami/python:3.11")]
    [InlineData("quay.io/team/python:3.11", "docker.io", "quay.io/team/python:3.11")]
    [InlineData("localhost:5000/python:3.11", "docker.io", "localhost:5000/python:3.11")]
    [InlineData("localhost/python:3.11", "docker.io", "localhost/python:3.11")]
    public void Short_names_are_qualified_with_the_registry_and_full_names_kept(string from, string registry, string expected) =>
        Assert.Equal(expected, BaseImageRequest.RegistryReference(from, registry));

    [Theory]
    [InlineData("python:3.11-slim", "none")]
    [InlineData("python:3.11-slim", "NONE")]
    [InlineData("python:3.11-slim", "")]
    [InlineData("python:3.11-slim", null)]
    [InlineData("python@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "docker.io")]
    public void No_registry_or_a_digest_means_bootstrap_only(string from, string? registry) =>
        Assert.Null(BaseImageRequest.RegistryReference(from, registry));

    [Fact]
    public void Each_used_base_maps_to_its_local_tag_and_registry_image()
    {
        var map = new Dictionary<string, string>
        {
            ["python:3.11-slim"] = "localhost/pipeline/python:3.11-slim",
            ["python:3.12-slim"] = "localhost/pipeline/python:3.12-slim",
        };
        var requests = BaseImageRequest.For(["python:3.12-slim"], map, "mirror.corp");
        var request = Assert.Single(requests);
        Assert.Equal(new BaseImageRequest("python:3.12-slim", "localhost/pipeline/python:3.12-slim", "mirror.corp/library/python:3.12-slim"), request);
    }

    [Theory]
    [InlineData("python:3.11-slim", "3.11.2", false)]
    [InlineData("python:3.11.2-slim", "3.11.2", false)]
    [InlineData("python:3.12-slim", "3.11.2", true)]
    [InlineData("python:3.1-slim", "3.11.2", true)]
    [InlineData("debian:bookworm", "3.11.2", false)]
    public void A_Python_other_than_the_tag_promises_is_reported(string from, string actual, bool mismatch)
    {
        var warning = new BaseImageRequest(from, "localhost/x:1", null).VersionMismatch(actual);
        Assert.Equal(mismatch, warning is not null);
        if (warning is not null) Assert.Contains($"holds Python {actual}", warning);
    }

    [Theory]
    [InlineData("python:3.11-slim", "localhost/pipeline/python:3.11-slim", "bookworm")]
    [InlineData("python:3.13-slim", "localhost/pipeline/python:3.13-slim", "trixie")]
    [InlineData("python:3.13.1-slim", "localhost/pipeline/base:latest", "trixie")]
    [InlineData("python:3.12-slim", "localhost/pipeline/python:3.13-slim", "trixie")] // mapped onto a Python a suite ships
    [InlineData("library/python:3.9", "localhost/py:latest", "bullseye")]
    [InlineData("company/base:1", "localhost/base:1", "bookworm")] // names no Python: the default suite
    public void Auto_picks_the_suite_that_ships_the_promised_python(string from, string tag, string suite)
    {
        var (chosen, refusal) = new BaseImageRequest(from, tag, null).SuiteFor("auto");
        Assert.Equal(suite, chosen);
        Assert.Null(refusal);
    }

    [Fact]
    public void A_python_no_suite_ships_is_one_line_naming_the_ways_out()
    {
        var (suite, refusal) = new BaseImageRequest("python:3.12-slim", "localhost/pipeline/python:3.12-slim", null).SuiteFor("auto");
        Assert.Null(suite);
        Assert.Equal("python:3.12-slim: no Debian suite ships Python 3.12 (bullseye 3.9, bookworm 3.11, trixie 3.13), so it cannot be bootstrapped: " +
            "use a registry that has it (--base-image-registry), or build it on a Python a suite ships with --base-image-map python:3.12-slim=localhost/pipeline/python:3.13-slim", refusal);
    }

    [Fact]
    public void An_explicit_suite_is_used_as_given()
    {
        Assert.Equal(("bookworm", (string?)null), new BaseImageRequest("python:3.13-slim", "localhost/pipeline/python:3.13-slim", null).SuiteFor("bookworm"));
    }
}
