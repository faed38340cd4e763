using Pipeline.Compose.Naming;

namespace Pipeline.Compose.Model;

/// <summary>A loaded compose file: project name, services in file order and top-level extensions.</summary>
/// <param name="Name">The project name as compose derives it.</param>
/// <param name="FilePath">The compose file's absolute path.</param>
/// <param name="Services">The services in file order.</param>
/// <param name="Extensions">The top-level <c>x-*</c> fields.</param>
/// <param name="Flavor">Whose rules name images that have no <c>image:</c>.</param>
public sealed record ComposeProject(
    string Name,
    string FilePath,
    IReadOnlyList<ComposeService> Services,
    ComposeExtensions Extensions,
    ComposeFlavor Flavor = ComposeFlavor.DockerCompose)
{
    /// <summary>The folder that holds the compose file (relative paths resolve against it).</summary>
    public string Directory => Path.GetDirectoryName(FilePath)!;

    /// <summary>The service called <paramref name="name"/>, or null.</summary>
    public ComposeService? Find(string name) => Services.FirstOrDefault(s => s.Name == name);

    /// <summary>The image a service runs or builds: <c>image:</c>, else the name <see cref="Flavor"/> derives.</summary>
    public string ImageFor(ComposeService service) =>
        service.Image ?? ComposeNaming.DefaultImageName(Name, service.Name, Flavor);
}
