using Docker.DotNet.Models;
using Pipeline.Compose.Model;
using Pipeline.Compose.Naming;

namespace Pipeline.Containers.Stopping;

/// <summary>
/// Picks the stack's containers from a container list (pure): those labelled with the project by docker compose
/// (<c>com.docker.compose.project</c>) or podman-compose (<c>io.podman.compose.project</c>), and those named by a
/// service's <c>container_name</c>.
/// </summary>
public static class StackContainerSelector
{
    /// <summary>The containers of <paramref name="project"/> among <paramref name="containers"/>, with the reason each matched.</summary>
    public static IReadOnlyList<(ContainerListResponse Container, string MatchedBy)> Select(
        ComposeProject project, IEnumerable<ContainerListResponse> containers)
    {
        var names = project.Services.Select(s => s.ContainerName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var selected = new List<(ContainerListResponse, string)>();
        foreach (var container in containers)
        {
            var labels = container.Labels ?? new Dictionary<string, string>();
            var label = new[] { ComposeNaming.DockerProjectLabel, ComposeNaming.PodmanProjectLabel }
                .FirstOrDefault(l => labels.TryGetValue(l, out var value) && value == project.Name);
            var name = (container.Names ?? []).Select(n => n.TrimStart('/')).FirstOrDefault(names.Contains);
            if (label is not null) selected.Add((container, $"{label}={project.Name}"));
            else if (name is not null) selected.Add((container, $"container_name {name}"));
        }
        return selected;
    }
}
