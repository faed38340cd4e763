using Pipeline.Compose.Model;

namespace Pipeline.Compose.Loading;

/// <summary>What to load and with which variables. The loader never reads the process environment itself.</summary>
public sealed record ComposeLoadOptions
{
    /// <summary>
    /// The compose file, or a folder to search for <c>compose.yaml</c>, <c>compose.yml</c>,
    /// <c>docker-compose.yaml</c>, <c>docker-compose.yml</c> (in that order, as compose does).
    /// </summary>
    public required string Path { get; init; }

    /// <summary>Variables for interpolation (usually the process environment); they win over <c>.env</c>. Default: none.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The <c>.env</c> file; default null: <c>.env</c> next to the compose file (absent is fine).</summary>
    public string? EnvFile { get; init; }

    /// <summary>An explicit project name (like <c>-p</c>); beats <c>COMPOSE_PROJECT_NAME</c> and <c>name:</c>. Default null.</summary>
    public string? ProjectName { get; init; }

    /// <summary>Naming rules for images without <c>image:</c>. Default <see cref="ComposeFlavor.DockerCompose"/>.</summary>
    public ComposeFlavor Flavor { get; init; } = ComposeFlavor.DockerCompose;
}
