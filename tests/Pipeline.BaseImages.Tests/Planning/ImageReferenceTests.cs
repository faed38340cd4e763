using Pipeline.BaseImages.Planning;

namespace Pipeline.BaseImages.Tests.Planning;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("localhost/pipeline/python:3.11-slim", "localhost/pipeline/python", "3.11-slim")]
    [InlineData("docker.io/library/python:3.11-slim", "docker.io/library/python", "3.11-slim")]
    [InlineData("localhost:5000/team/app", "localhost:5000/team/app", "latest")]
    [InlineData("python", "python", "latest")]
    public void Splits_repository_and_tag(string text, string repository, string tag)
    {
        Assert.True(ImageReference.TryParse(text, out var reference));
        Assert.Equal(new ImageReference(repository, tag), reference);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper/Case:tag")]
    [InlineData("python@sha256:abc")]
    [InlineData("python:bad tag")]
    public void Rejects_what_cannot_be_tagged(string text) => Assert.False(ImageReference.TryParse(text, out _));

    [Fact]
    public void WithTag_keeps_repository_and_sanitises() =>
        Assert.Equal("localhost/pipeline/python:3.11.2_rc1", ImageReference.Parse("localhost/pipeline/python:3.11-slim").WithTag("3.11.2+rc1").ToString());
}
