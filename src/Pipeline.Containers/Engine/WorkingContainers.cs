using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Serialization;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Pipeline.Containers.Engine;

/// <summary>A build's hidden working container (buildah's), as podman lists it with <c>--external</c>.</summary>
/// <param name="Id">The full container ID.</param>
/// <param name="Name">Its name (<c>&lt;base&gt;-working-container</c>, <c>&lt;image id&gt;-working-container</c>).</param>
/// <param name="ImageId">The image it was started from: the FROM image, or the image of the step before.</param>
/// <param name="Created">When it was created.</param>
internal sealed record WorkingContainer(string Id, string Name, string ImageId, DateTimeOffset Created);

/// <summary>
/// Lists and removes buildah's working containers through podman's own API (<c>/libpod/containers/json?external=true</c>:
/// the Docker-compatible listing does not show them, <c>podman ps -a --external</c> does). dockerd has none: its
/// builder's containers are ordinary ones, removed by <c>ForceRemove</c>.
/// </summary>
internal static class WorkingContainers
{
    /// <summary>The engine's working containers; empty on dockerd or an endpoint that is not a unix socket.</summary>
    public static async Task<IReadOnlyList<WorkingContainer>> ListAsync(EngineSession engine, CancellationToken ct)
    {
        if (engine.Info.Kind != EngineKind.Podman || engine.Info.Endpoint.Scheme != "unix") return [];
        using var http = UnixHttp(engine.Info.Endpoint.LocalPath);
        var listed = await http.GetFromJsonAsync<List<LibpodContainer>>("/v4.0.0/libpod/containers/json?all=true&external=true", ct) ?? [];
        // Ordinary podman containers are in the list too: keep those buildah made (state "storage", command buildah).
        return listed.Where(c => string.Equals(c.State, "storage", StringComparison.OrdinalIgnoreCase))
            .Select(c => new WorkingContainer(c.Id, c.Names?.FirstOrDefault() ?? c.Id, c.ImageId ?? string.Empty, c.Created))
            .ToList();
    }

    /// <summary>Removes a working container (forced); true when it is gone (also when it was gone already).</summary>
    public static async Task<bool> RemoveAsync(EngineSession engine, string id, CancellationToken ct)
    {
        try
        {
            await engine.Client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, ct);
            return true;
        }
        catch (DockerContainerNotFoundException)
        {
            return true;
        }
    }

    /// <summary>A plain HTTP client on a unix socket, for the few podman calls Docker.DotNet does not have.</summary>
    internal static HttpClient UnixHttp(string socket) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, token) =>
        {
            var connection = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await connection.ConnectAsync(new UnixDomainSocketEndPoint(socket), token);
                return new NetworkStream(connection, ownsSocket: true);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = new Uri("http://podman") };

    private sealed record LibpodContainer(
        [property: JsonPropertyName("Id")] string Id,
        [property: JsonPropertyName("Names")] List<string>? Names,
        [property: JsonPropertyName("ImageID")] string? ImageId,
        [property: JsonPropertyName("State")] string? State,
        [property: JsonPropertyName("Created")] DateTimeOffset Created);
}
