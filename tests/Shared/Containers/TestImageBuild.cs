using Docker.DotNet;
using Docker.DotNet.Models;

namespace Pipeline.Testing;

/// <summary>Builds a test image through the engine API from files given in memory (the Dockerfile among them).</summary>
public static class TestImageBuild
{
    /// <summary>Builds <paramref name="tag"/> from <paramref name="files"/> (context path → bytes); a build error throws with its messages.</summary>
    public static async Task BuildAsync(IDockerClient client, string tag, IReadOnlyDictionary<string, byte[]> files)
    {
        await using var context = await PodmanService.BuildContextAsync(files);
        var errors = new List<string>();
        await client.Images.BuildImageFromDockerfileAsync(
            new ImageBuildParameters { Tags = [tag], ForceRemove = true, Remove = true },
            context, null, null,
            new SynchronousProgress<JSONMessage>(m => { if (m.Error is not null) errors.Add(m.Error.Message ?? "unknown build error"); }));
        if (errors.Count > 0)
            throw new InvalidOperationException($"Building {tag} failed: {string.Join("; ", errors)}");
    }
}
