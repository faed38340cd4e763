using System.Text;
using Pipeline.Compose.Model;

namespace Pipeline.Compose.Naming;

/// <summary>Names compose derives: project names, default image names and the project labels.</summary>
public static class ComposeNaming
{
    /// <summary>The label docker compose puts on containers with the project name.</summary>
    public const string DockerProjectLabel = "com.docker.compose.project";

    /// <summary>The label docker compose puts on containers and images with the service name.</summary>
    public const string DockerServiceLabel = "com.docker.compose.service";

    /// <summary>The label podman-compose puts on containers with the project name.</summary>
    public const string PodmanProjectLabel = "io.podman.compose.project";

    /// <summary>
    /// Normalises a project name as docker compose does (<c>NormalizeProjectName</c>): lower case, only
    /// <c>a-z 0-9 _ -</c> kept, leading <c>_</c>/<c>-</c> removed.
    /// </summary>
    public static string NormalizeProjectName(string raw)
    {
        var kept = new StringBuilder(raw.Length);
        foreach (var c in raw.ToLowerInvariant())
            if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-') kept.Append(c);
        return kept.ToString().TrimStart('_', '-');
    }

    /// <summary>
    /// The project name by compose's precedence: an explicit name (<c>-p</c>), then <c>COMPOSE_PROJECT_NAME</c>,
    /// then the file's top-level <c>name:</c>, then the compose file's directory name; always normalised.
    /// </summary>
    public static string ProjectName(string? explicitName, string? environmentName, string? fileName, string composeDirectory)
    {
        var chosen = new[] { explicitName, environmentName, fileName }.FirstOrDefault(n => !string.IsNullOrWhiteSpace(n))
            ?? new DirectoryInfo(composeDirectory).Name;
        return NormalizeProjectName(chosen);
    }

    /// <summary>The image name compose gives a built service that has no <c>image:</c>.</summary>
    public static string DefaultImageName(string project, string service, ComposeFlavor flavor) => flavor switch
    {
        ComposeFlavor.PodmanCompose => $"{project}_{service}",
        _ => $"{project}-{service}",
    };
}
