using Pipeline.Containers.Context;

namespace Pipeline.Containers.Tests.Context;

public sealed class ImageReferenceTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    // text → registry | path | tag | digest (empty = null), and the qualified form engines compare;
    // or text → the reason it is refused.
    public static TheoryData<string, string?, string> Cases => new()
    {
        { "python", "|python||", "docker.io/library/python:latest" },
        { "python:3.11-slim", "|python|3.11-slim|", "docker.io/library/python:3.11-slim" },
        { "user/app:1", "|user/app|1|", "docker.io/user/app:1" },
        { "docker.io/python:3", "docker.io|python|3|", "docker.io/library/python:3" },
        { "docker.io/library/python:3.11-slim", "docker.io|library/python|3.11-slim|", "docker.io/library/python:3.11-slim" },
        { "localhost/pipeline/python:3.11-slim", "localhost|pipeline/python|3.11-slim|", "localhost/pipeline/python:3.11-slim" },
        { "localhost:5000/team/app", "localhost:5000|team/app||", "localhost:5000/team/app:latest" },
        { "registry:5000/app", "registry:5000|app||", "registry:5000/app:latest" },
        { "quay.io/team/python:3.11", "quay.io|team/python|3.11|", "quay.io/team/python:3.11" },
        { "stack-base", "|stack-base||", "docker.io/library/stack-base:latest" },
        { "my__app/x.y-z", "|my__app/x.y-z||", "docker.io/my__app/x.y-z:latest" },
        { $"python@{Digest}", $"|python||{Digest}", $"docker.io/library/python@{Digest}" },
        { $"python:3.11@{Digest}", $"|python|3.11|{Digest}", $"docker.io/library/python:3.11@{Digest}" },
        { "", null, "it is empty" },
        { "Upper/Case:tag", null, "'Upper/Case' is not a repository path" },
        { "python:bad tag", null, "'bad tag' is not a tag" },
        { "python:.hidden", null, "'.hidden' is not a tag" },
        { "python@sha256:abc", null, "'sha256:abc' is not a digest" },
        { "python@", null, "'' is not a digest" },
        { "localhost/", null, "it names no repository" },
        { "bad_host.io/app", null, "'bad_host.io' is not a registry host" },
        { "app//x", null, "'app//x' is not a repository path" },
        { "-app", null, "'-app' is not a repository path" },
        { new string('a', 256), null, "longer than 255 characters" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parses_or_says_why_not(string text, string? parts, string qualifiedOrReason)
    {
        if (parts is null)
        {
            Assert.False(ImageReference.TryParse(text, out _));
            var error = Assert.Throws<FormatException>(() => ImageReference.Parse(text));
            Assert.Contains(qualifiedOrReason, error.Message);
            Assert.DoesNotContain('\n', error.Message);
            return;
        }
        Assert.True(ImageReference.TryParse(text, out var reference));
        var split = parts.Split('|').Select(p => p.Length == 0 ? null : p).ToArray();
        Assert.Equal(split, new[] { reference.Registry, reference.Path, reference.Tag, reference.Digest });
        Assert.Equal(text, reference.ToString()); // as written, round trip
        Assert.Equal(qualifiedOrReason, reference.Qualified().ToString());
        Assert.Equal(qualifiedOrReason, ImageReference.Normalize(text));
    }

    [Theory]
    [InlineData("python:3.11-slim", "mirror.corp:5000/", "mirror.corp:5000/library/python:3.11-slim")]
    [InlineData("bitnami/python:3.11", "mirror.corp:5000", "mirror.corp:5000/bitnami/python:3.11")]
    [InlineData("quay.io/team/python:3.11", "mirror.corp:5000", "quay.io/team/python:3.11")]
    [InlineData("quay.io/python", "docker.io", "quay.io/python:latest")]
    public void Qualifies_short_names_with_a_registry_and_keeps_named_ones(string text, string registry, string expected) =>
        Assert.Equal(expected, ImageReference.Parse(text).Qualified(registry).ToString());

    [Theory]
    [InlineData("python:3.11", true)]
    [InlineData("python", true)]
    [InlineData("python@" + Digest, false)]
    public void Only_references_without_a_digest_can_be_tagged(string text, bool taggable) =>
        Assert.Equal(taggable, ImageReference.Parse(text).CanBeTagged);

    [Fact]
    public void WithTag_keeps_the_repository_and_replaces_what_a_tag_cannot_hold() =>
        Assert.Equal("localhost/pipeline/python:3.11.2_rc1", ImageReference.Parse("localhost/pipeline/python:3.11-slim").WithTag("3.11.2+rc1").ToString());

    [Theory]
    [InlineData("${BASE}")]
    [InlineData("Not A Reference")]
    public void Normalize_leaves_text_that_is_no_reference_as_it_is(string text) =>
        Assert.Equal(text, ImageReference.Normalize(" " + text + " "));
}
