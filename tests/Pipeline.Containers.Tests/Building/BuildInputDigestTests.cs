using Pipeline.Containers.Building;
using Pipeline.Containers.Context;
using Pipeline.Testing;

namespace Pipeline.Containers.Tests.Building;

public class BuildInputDigestTests
{
    private static BuildInputs Inputs(string context = "sha256:c") => new(
        "Dockerfile", "FROM base\nCOPY . /app\n", context, null, "host",
        new Dictionary<string, string> { ["A"] = "1", ["B"] = "2" },
        new Dictionary<string, string> { ["org.opencontainers.image.title"] = "app" },
        new Dictionary<string, string> { ["python:3.11-slim"] = "localhost/pipeline/python:3.11-slim" },
        new Dictionary<string, string> { ["localhost/pipeline/python:3.11-slim"] = "sha256:base1" });

    [Fact]
    public void Each_input_changes_the_digest_and_map_order_does_not()
    {
        var digest = BuildInputDigest.Compute(Inputs());
        Assert.Matches("^sha256:[0-9a-f]{64}$", digest);
        Assert.Equal(digest, BuildInputDigest.Compute(Inputs() with { BuildArgs = new Dictionary<string, string> { ["B"] = "2", ["A"] = "1" } }));
        Assert.Equal(digest, BuildInputDigest.Compute(Inputs())); // the same on every call
        var changed = new[]
        {
            Inputs("sha256:d"),
            Inputs() with { DockerfileText = "FROM base\nCOPY . /srv\n" },
            Inputs() with { DockerfileInTar = "docker/Dockerfile" },
            Inputs() with { Target = "prod" },
            Inputs() with { NetworkMode = null },
            Inputs() with { BuildArgs = new Dictionary<string, string> { ["A"] = "1", ["B"] = "3" } },
            Inputs() with { Labels = new Dictionary<string, string> { ["org.opencontainers.image.title"] = "app2" } },
            Inputs() with { BaseImageMap = new Dictionary<string, string>() },
            Inputs() with { BaseImageIds = new Dictionary<string, string> { ["localhost/pipeline/python:3.11-slim"] = "sha256:base2" } },
            // A key and a value that run together the same way must not collide.
            Inputs() with { BuildArgs = new Dictionary<string, string> { ["A"] = "1B", ["2"] = "" } },
        };
        Assert.Equal(changed.Length, changed.Select(BuildInputDigest.Compute).Append(digest).Distinct().Count() - 1);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_context_digest_follows_contents_modes_and_dockerignore_not_times()
    {
        using var dir = new TempDirectory("digest");
        var dockerfile = dir.Write("Dockerfile", "FROM x\n");
        var data = dir.Write("data.txt", "one");
        dir.Write(".dockerignore", "ignored.txt\n");
        var ignored = dir.Write("ignored.txt", "one");

        async Task<string> DigestAsync(string text = "FROM x\n")
        {
            using var packed = await BuildContextPacker.PackAsync(dir.Path, dockerfile, text, CancellationToken.None);
            return await BuildInputDigest.ContextAsync(packed.TarPath, packed.DockerfileInTar, CancellationToken.None);
        }

        var digest = await DigestAsync();
        File.SetLastWriteTimeUtc(data, DateTime.UtcNow.AddDays(1));
        Assert.Equal(digest, await DigestAsync());
        File.WriteAllText(ignored, "two");
        Assert.Equal(digest, await DigestAsync());
        Assert.Equal(digest, await DigestAsync("FROM y\n")); // the Dockerfile is hashed as text, not here

        File.SetUnixFileMode(data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var modeChanged = await DigestAsync();
        Assert.NotEqual(digest, modeChanged);
        File.WriteAllText(data, "two");
        Assert.NotEqual(modeChanged, await DigestAsync());
    }
}
