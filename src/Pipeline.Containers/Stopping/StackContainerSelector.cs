using Docker.DotNet.Models;
using Pipeline.Compose.Model;
using Pipeline.Compose.Naming;

namespace Pipeline.Containers.Stopping;

/// <summary>
/// Picks the stack's containers from a container list (pure): those compose created for the project, and those named
/// by a service's <c>container_name</c>. A container counts as compose's when the labels compose puts on each
/// container it creates are there: the project (<c>com.docker.compose.project</c> from docker compose,
/// <c>io.podman.compose.project</c> from podman-compose), the service and the container number. The project and
/// service labels alone prove nothing: images built by Pipeline carry them too, so a container started by hand from a
/// stack image (<c>podman run -d --name debug stack-api</c>) shows them as well. No compose writes the container
/// number into an image, so it is the mark; a number that the image itself carries is not.
/// </summary>
internal static class StackContainerSelector
{
    /// <summary>The label docker compose and podman-compose put on each container they create (replica index).</summary>
    public const string ContainerNumberLabel = "com.docker.compose.container-number";

    /// <summary>The containers of <paramref name="project"/> among <paramref name="containers"/>, with the reason each matched.</summary>
    /// <param name="project">The compose project.</param>
    /// <param name="containers">The engine's container list.</param>
    /// <param name="imageLabels">
    /// The labels of an image by ID (null when unknown, e.g. the image was removed): labels a container only inherited
    /// from its image are not taken as compose's.
    /// </param>
    public static IReadOnlyList<(ContainerListResponse Container, string MatchedBy)> Select(
        ComposeProject project, IEnumerable<ContainerListResponse> containers, Func<string, IDictionary<string, string>?> imageLabels)
    {
        var names = project.Services.Select(s => s.ContainerName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var selected = new List<(ContainerListResponse, string)>();
        foreach (var container in containers)
        {
            var name = (container.Names ?? []).Select(n => n.TrimStart('/')).FirstOrDefault(names.Contains);
            if (name is not null) selected.Add((container, $"container_name {name}"));
            else if (ComposeLabel(project.Name, container, imageLabels) is { } label) selected.Add((container, label));
        }
        return selected;
    }

    /// <summary>Whether <paramref name="container"/> carries the project's compose labels; the label that matched, else null.</summary>
    public static string? ComposeLabel(string project, ContainerListResponse container, Func<string, IDictionary<string, string>?> imageLabels)
    {
        var labels = container.Labels ?? new Dictionary<string, string>();
        var label = new[] { ComposeNaming.DockerProjectLabel, ComposeNaming.PodmanProjectLabel }
            .FirstOrDefault(l => labels.TryGetValue(l, out var value) && value == project);
        if (label is null || !labels.ContainsKey(ComposeNaming.DockerServiceLabel)) return null;
        if (!labels.TryGetValue(ContainerNumberLabel, out var number)) return null;
        var inherited = container.ImageID is { Length: > 0 } image && imageLabels(image) is { } fromImage
                        && fromImage.TryGetValue(ContainerNumberLabel, out var imageNumber) && imageNumber == number;
        return inherited ? null : $"{label}={project}";
    }
}
