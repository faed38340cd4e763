using Pipeline.Compose.Model;

namespace Pipeline.Stack.Mapping;

/// <summary>The services of a stack a target works on: all, or those named with <c>--services</c>.</summary>
internal static class StackServices
{
    /// <summary>
    /// The services named in <paramref name="names"/> (all when empty), in compose-file order.
    /// An unknown name is an error listing the services the file has.
    /// </summary>
    public static IReadOnlyList<ComposeService> Select(ComposeProject project, IReadOnlyCollection<string> names)
    {
        if (names.Count == 0) return project.Services;
        var unknown = names.Where(n => project.Find(n) is null).ToList();
        if (unknown.Count > 0)
            throw new StackException(
                $"{project.FilePath}: no service named {string.Join(", ", unknown.Select(u => $"'{u}'"))}; the stack has {string.Join(", ", project.Services.Select(s => s.Name))}");
        return project.Services.Where(s => names.Contains(s.Name)).ToList();
    }

    /// <summary>The selected services that have a <c>build:</c> section.</summary>
    public static IReadOnlyList<ComposeService> Buildable(ComposeProject project, IReadOnlyCollection<string> names) =>
        Select(project, names).Where(s => s.Build is not null).ToList();
}
