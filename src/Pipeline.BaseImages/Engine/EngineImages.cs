using System.Formats.Tar;
using System.Net;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using Pipeline.BaseImages.Planning;
using Pipeline.Containers.Context;
using Pipeline.Containers.Engine;

namespace Pipeline.BaseImages.Engine;

/// <summary>
/// The few image operations the base image needs, over the engine session's Docker-compatible API (podman or
/// dockerd). Podman reports failures inside the JSON progress stream rather than as HTTP errors, so every
/// streaming call collects <see cref="JSONMessage.Error"/> and throws on it.
/// </summary>
internal sealed class EngineImages(EngineSession engine)
{
    private readonly IDockerClient _docker = engine.Client;

    /// <summary>The image named <paramref name="reference"/>, or <see langword="null"/> when the engine has none.</summary>
    public async Task<ImageInspectResponse?> InspectAsync(string reference, CancellationToken ct)
    {
        try
        {
            return await _docker.Images.InspectImageAsync(reference, ct);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Imports a root filesystem tar as <paramref name="target"/>, applying Dockerfile-style <paramref name="changes"/>.</summary>
    public async Task ImportAsync(Stream tar, ImageReference target, IReadOnlyList<string> changes, CancellationToken ct)
    {
        var errors = new ErrorCollector();
        // The tag goes inside "repo" (the API allows it): podman 4.3 ignores the separate "tag" parameter on import.
        await _docker.Images.CreateImageAsync(
            new ImagesCreateParameters { FromSrc = "-", Repo = target.ToString(), Changes = changes.ToList() },
            tar, null, errors, ct);
        errors.ThrowIfAny($"Importing the root filesystem as {target}");
    }

    /// <summary>Pulls <paramref name="image"/>; throws on any failure (the caller treats that as "no registry").</summary>
    public async Task PullAsync(ImageReference image, CancellationToken ct)
    {
        var errors = new ErrorCollector();
        await _docker.Images.CreateImageAsync(
            new ImagesCreateParameters { FromImage = image.Repository, Tag = image.TagOrDefault }, null, errors, ct);
        errors.ThrowIfAny($"Pulling {image}");
    }

    /// <summary>Builds <c>FROM <paramref name="from"/></c> plus <paramref name="instructions"/> as <paramref name="target"/> (no RUN, no network).</summary>
    public async Task BuildFromAsync(string from, IReadOnlyList<string> instructions, ImageReference target, CancellationToken ct)
    {
        using var context = new MemoryStream();
        await using (var writer = new TarWriter(context, TarEntryFormat.Pax, leaveOpen: true))
        {
            var dockerfile = Encoding.UTF8.GetBytes(ImageConfigPlan.Dockerfile(from, instructions));
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "Dockerfile")
            {
                DataStream = new MemoryStream(dockerfile),
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            }, ct);
        }
        context.Position = 0;
        var errors = new ErrorCollector();
        // ForceRemove: a failed podman build otherwise leaves a hidden buildah container behind.
        await _docker.Images.BuildImageFromDockerfileAsync(
            new ImageBuildParameters { Tags = [target.ToString()], ForceRemove = true, Remove = true, Pull = "false" },
            context, null, null, errors, ct);
        errors.ThrowIfAny($"Building {target} from {from}");
    }

    /// <summary>Adds <paramref name="target"/> as another name for <paramref name="imageId"/>.</summary>
    public Task TagAsync(string imageId, ImageReference target, CancellationToken ct) =>
        _docker.Images.TagImageAsync(imageId, new ImageTagParameters { RepositoryName = target.Repository, Tag = target.TagOrDefault }, ct);

    /// <summary>Removes a superseded image (by id) unless a container or another tag still uses it.</summary>
    public async Task RemoveIfUnusedAsync(string imageId, CancellationToken ct)
    {
        try
        {
            await _docker.Images.DeleteImageAsync(imageId, new ImageDeleteParameters { Force = false, NoPrune = false }, ct);
        }
        catch (DockerApiException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Already gone, or still in use: a leftover old image should not fail the build.
        }
    }

    /// <summary>A label of <paramref name="image"/>, or <see langword="null"/>.</summary>
    public static string? Label(ImageInspectResponse image, string name) =>
        image.Config?.Labels is { } labels && labels.TryGetValue(name, out var value) ? value : null;

    private sealed class ErrorCollector : IProgress<JSONMessage>
    {
        private readonly List<string> _errors = [];

        public void Report(JSONMessage value)
        {
            var message = value.Error?.Message;
            if (!string.IsNullOrWhiteSpace(message)) lock (_errors) _errors.Add(message.Trim());
        }

        public void ThrowIfAny(string what)
        {
            lock (_errors)
                if (_errors.Count > 0) throw new BaseImageException($"{what} failed: {string.Join("; ", _errors)}");
        }
    }
}
