namespace Pipeline.Compose.Model;

/// <summary>One service of a compose file (the parts the pipeline uses), interpolated.</summary>
/// <param name="Name">The service key.</param>
/// <param name="Line">The 1-based line of the service key, for messages.</param>
/// <param name="Image">The <c>image:</c> value, or null (then compose derives the name).</param>
/// <param name="ContainerName">The <c>container_name:</c> value, or null.</param>
/// <param name="Build">The <c>build:</c> section, or null for a service that only runs an image.</param>
/// <param name="Labels">Container labels (<c>labels:</c> as a map or a <c>key=value</c> list).</param>
/// <param name="User">The <c>user:</c> value, or null.</param>
/// <param name="Profiles">The <c>profiles:</c> the service belongs to (empty: always enabled).</param>
/// <param name="Extensions">The service's <c>x-*</c> fields.</param>
public sealed record ComposeService(
    string Name,
    long Line,
    string? Image,
    string? ContainerName,
    BuildSection? Build,
    IReadOnlyDictionary<string, string> Labels,
    string? User,
    IReadOnlyList<string> Profiles,
    ComposeExtensions Extensions);
