using System.Formats.Tar;
using System.Net;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using Pipeline.Containers.Context;

namespace Pipeline.Containers.Engine;

/// <summary>
/// The image operations of an <see cref="EngineSession"/> (<see cref="EngineSession.Images"/>), the one way every
/// library pulls, tags, pushes and inspects. Two error shapes only: a connection that fails is an
/// <see cref="EngineUnavailableException"/>; a refusal (no such image, registry said no) is an
/// <see cref="EngineImageException"/> with one line. Podman reports pull/push/build failures inside the JSON progress
/// stream rather than as HTTP errors, so every streaming call collects <see cref="JSONMessage.Error"/> and throws on it.
/// </summary>
public sealed class EngineImages
{
    private readonly EngineSession _engine;

    internal EngineImages(EngineSession engine) => _engine = engine;

    private IDockerClient Docker => _engine.Client;

    /// <summary>The image named <paramref name="reference"/> (a name or an ID), or <see langword="null"/> when the engine has none.</summary>
    /// <exception cref="EngineUnavailableException">The engine does not answer.</exception>
    public async Task<ImageInspectResponse?> InspectAsync(string reference, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        try
        {
            return await Docker.Images.InspectImageAsync(reference, ct);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception e) when (IsConnectionLoss(e, ct))
        {
            throw Unavailable($"Inspecting {reference}", e);
        }
    }

    /// <summary>The image named <paramref name="reference"/>.</summary>
    /// <exception cref="EngineImageException">The engine has no such image (<see cref="EngineImageException.ImageMissing"/>).</exception>
    /// <exception cref="EngineUnavailableException">The engine does not answer.</exception>
    public async Task<ImageInspectResponse> GetAsync(string reference, CancellationToken ct = default) =>
        await InspectAsync(reference, ct) ?? throw Missing($"Inspecting {reference}", reference);

    /// <summary>Pulls <paramref name="image"/> (its tag, or <c>latest</c>) into the engine.</summary>
    /// <exception cref="EngineImageException">The registry has no such image, or cannot be reached by the engine.</exception>
    /// <exception cref="EngineUnavailableException">The engine does not answer.</exception>
    public Task PullAsync(ImageReference image, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var parameters = image.CanBeTagged
            ? new ImagesCreateParameters { FromImage = image.Repository, Tag = image.TagOrDefault }
            : new ImagesCreateParameters { FromImage = image.ToString() };
        return StreamAsync($"Pulling {image}", errors => Docker.Images.CreateImageAsync(parameters, null, errors, ct), ct);
    }

    /// <summary>
    /// The image <paramref name="image"/> names, pulled first when the engine lacks it (as a build would pull it).
    /// </summary>
    /// <exception cref="EngineImageException">Not in the engine and not pullable by that name (say <c>scratch</c>, or a registry that has none).</exception>
    /// <exception cref="EngineUnavailableException">The engine does not answer.</exception>
    public async Task<ImageInspectResponse> InspectOrPullAsync(string image, CancellationToken ct = default)
    {
        if (await InspectAsync(image, ct) is { } present) return present;
        if (!ImageReference.TryParse(image, out var reference) || image == "scratch")
            throw Missing($"Pulling {image}", image, "not an image that can be pulled");
        await PullAsync(reference, ct);
        return await GetAsync(image, ct);
    }

    /// <summary>Adds <paramref name="target"/> as another name for <paramref name="source"/> (a name or an ID).</summary>
    /// <exception cref="EngineImageException">The engine has no image <paramref name="source"/>.</exception>
    /// <exception cref="EngineUnavailableException">The engine does not answer.</exception>
    public async Task TagAsync(string source, ImageReference target, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentNullException.ThrowIfNull(target);
        try
        {
            await Docker.Images.TagImageAsync(source, new ImageTagParameters { RepositoryName = target.Repository, Tag = target.TagOrDefault }, ct);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            throw Missing($"Tagging {source} as {target}", source, inner: e);
        }
        catch (DockerApiException e)
        {
            throw new EngineImageException($"Tagging {source} as {target}", Reason(e), inner: e);
        }
        catch (Exception e) when (IsConnectionLoss(e, ct))
        {
            throw Unavailable($"Tagging {source} as {target}", e);
        }
    }

    /// <summary>Pushes <paramref name="image"/> (a name the engine has) to its registry.</summary>
    /// <exception cref="EngineImageException">No such local image, or the registry refused or cannot be reached by the engine.</exception>
    /// <exception cref="EngineUnavailableException">The engine does not answer.</exception>
    public Task PushAsync(ImageReference image, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        return StreamAsync($"Pushing {image}", errors => Docker.Images.PushImageAsync(
            image.Repository, new ImagePushParameters { Tag = image.TagOrDefault }, new AuthConfig(), errors, ct), ct);
    }

    /// <summary>Imports a root filesystem tar as <paramref name="target"/>, applying Dockerfile-style <paramref name="changes"/> (<c>ENV</c>, <c>LABEL</c>...).</summary>
    /// <exception cref="EngineImageException">The engine refused the tar or a change.</exception>
    /// <exception cref="EngineUnavailableException">The engine does not answer.</exception>
    public Task ImportAsync(Stream tar, ImageReference target, IReadOnlyList<string> changes, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tar);
        ArgumentNullException.ThrowIfNull(target);
        // The tag goes inside "repo" (the API allows it): podman 4.3 ignores the separate "tag" parameter on import.
        var parameters = new ImagesCreateParameters { FromSrc = "-", Repo = target.ToString(), Changes = changes.ToList() };
        return StreamAsync($"Importing a root filesystem as {target}", errors => Docker.Images.CreateImageAsync(parameters, tar, null, errors, ct), ct);
    }

    /// <summary>
    /// Builds <paramref name="dockerfile"/> with an empty context as <paramref name="target"/>, never pulling: for
    /// images made of another image plus configuration (<c>FROM id</c>, <c>LABEL</c>, <c>ENV</c>), no network.
    /// </summary>
    /// <exception cref="EngineImageException">A step failed.</exception>
    /// <exception cref="EngineUnavailableException">The engine does not answer.</exception>
    public async Task BuildAsync(string dockerfile, ImageReference target, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dockerfile);
        ArgumentNullException.ThrowIfNull(target);
        using var context = new MemoryStream();
        await using (var writer = new TarWriter(context, TarEntryFormat.Pax, leaveOpen: true))
        {
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "Dockerfile")
            {
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(dockerfile)),
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            }, ct);
        }
        context.Position = 0;
        // ForceRemove: a failed podman build otherwise leaves a hidden buildah container behind.
        var parameters = new ImageBuildParameters { Tags = [target.ToString()], ForceRemove = true, Remove = true, Pull = "false" };
        await StreamAsync($"Building {target}", errors => Docker.Images.BuildImageFromDockerfileAsync(parameters, context, null, null, errors, ct), ct);
    }

    /// <summary>Removes the image <paramref name="imageId"/> unless a container or another tag still uses it; true when removed.</summary>
    /// <exception cref="EngineUnavailableException">The engine does not answer.</exception>
    public async Task<bool> RemoveIfUnusedAsync(string imageId, CancellationToken ct = default)
    {
        try
        {
            await Docker.Images.DeleteImageAsync(imageId, new ImageDeleteParameters { Force = false, NoPrune = false }, ct);
            return true;
        }
        catch (DockerApiException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            return false; // already gone, or still in use
        }
        catch (Exception e) when (IsConnectionLoss(e, ct))
        {
            throw Unavailable($"Removing {imageId}", e);
        }
    }

    /// <summary>A label of <paramref name="image"/>, or <see langword="null"/>.</summary>
    public static string? Label(ImageInspectResponse image, string name)
    {
        ArgumentNullException.ThrowIfNull(image);
        return image.Config?.Labels is { } labels && labels.TryGetValue(name, out var value) ? value : null;
    }

    private async Task StreamAsync(string operation, Func<IProgress<JSONMessage>, Task> call, CancellationToken ct)
    {
        var errors = new ErrorCollector();
        try
        {
            await call(errors);
        }
        catch (DockerApiException e)
        {
            throw new EngineImageException(operation, Reason(e), IsMissing(e.StatusCode, e.ResponseBody), e);
        }
        catch (Exception e) when (IsConnectionLoss(e, ct))
        {
            throw Unavailable(operation, e);
        }
        if (errors.First is { } error) throw new EngineImageException(operation, error, IsMissing(null, error));
    }

    // An HTTP answer, even a 500, means the engine is there: only failures below HTTP are a lost engine.
    private static bool IsConnectionLoss(Exception e, CancellationToken ct) =>
        !ct.IsCancellationRequested && e is not DockerApiException && EngineErrors.IsConnectionFailure(e);

    private EngineUnavailableException Unavailable(string operation, Exception e) => _engine.Unavailable(e, operation);

    private static EngineImageException Missing(string operation, string reference, string? reason = null, Exception? inner = null) =>
        new(operation, reason ?? $"the engine has no image {reference}", imageMissing: true, inner);

    private static string Reason(DockerApiException e) =>
        FirstLine(e.ResponseBody is { Length: > 0 } body ? body : e.Message);

    // Registries and engines word it differently: distribution's "manifest unknown", podman's "not found",
    // "repository does not exist", docker's "pull access denied ... does not exist".
    private static bool IsMissing(HttpStatusCode? status, string? text) =>
        status == HttpStatusCode.NotFound
        || (text is not null && (text.Contains("manifest unknown", StringComparison.OrdinalIgnoreCase)
            || text.Contains("not found", StringComparison.OrdinalIgnoreCase)
            || text.Contains("does not exist", StringComparison.OrdinalIgnoreCase)));

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? text;

    private sealed class ErrorCollector : IProgress<JSONMessage>
    {
        private readonly List<string> _errors = [];

        public string? First
        {
            get { lock (_errors) return _errors.Count > 0 ? _errors[0] : null; }
        }

        public void Report(JSONMessage value)
        {
            var message = value.Error?.Message;
            if (!string.IsNullOrWhiteSpace(message)) lock (_errors) _errors.Add(FirstLine(message.Trim()));
        }
    }
}
