using Pipeline.Compose.Model;
using Pipeline.Containers.Context;

namespace Pipeline.Containers.Building;

/// <summary>One image to build and the services whose images it is built FROM (built first).</summary>
/// <param name="Service">The compose service.</param>
/// <param name="Image">The tag to build.</param>
/// <param name="Build">The service's build section.</param>
/// <param name="DependsOn">Services (in this plan) whose image this one uses as a base.</param>
internal sealed record PlannedBuild(ComposeService Service, string Image, BuildSection Build, IReadOnlyList<string> DependsOn);

/// <summary>A selection or dependency problem in the build plan; the message is one line.</summary>
public sealed class BuildPlanException(string message) : Exception(message);

/// <summary>Pure planning: which services to build and in which dependency order.</summary>
internal static class BuildPlanner
{
    /// <summary>
    /// Plans the services of <paramref name="project"/> that have <c>build:</c> (or only <paramref name="selected"/>),
    /// linking each to the planned services whose image its Dockerfile uses in a FROM
    /// (<paramref name="dockerfiles"/> holds each service's Dockerfile text, after base image mapping).
    /// Returns the builds in an order where bases come first.
    /// </summary>
    /// <exception cref="BuildPlanException">
    /// An unknown service was selected, a chosen service's build context is remote or missing, its Dockerfile is
    /// missing, or images are built FROM each other in a cycle; one line naming the compose file and line.
    /// </exception>
    public static IReadOnlyList<PlannedBuild> Plan(
        ComposeProject project, IReadOnlyList<string> selected, IReadOnlyDictionary<string, string> dockerfiles)
    {
        var buildable = project.Services.Where(s => s.Build is not null).ToList();
        foreach (var name in selected)
        {
            var service = project.Find(name) ?? throw new BuildPlanException(
                $"{project.FilePath}: unknown service '{name}' (services with build: {string.Join(", ", buildable.Select(s => s.Name))})");
            if (service.Build is null) throw new BuildPlanException($"{project.FilePath}:{service.Line}: service '{name}' has no build: section");
        }

        var chosen = selected.Count == 0 ? buildable : buildable.Where(s => selected.Contains(s.Name)).ToList();
        foreach (var service in chosen) CheckSources(project, service);
        var byImage = chosen.ToDictionary(s => ImageReference.Normalize(project.ImageFor(s)), s => s.Name, StringComparer.Ordinal);
        var builds = chosen.Select(s => new PlannedBuild(s, project.ImageFor(s), s.Build!,
            DockerfileRewriter.BaseImages(dockerfiles.GetValueOrDefault(s.Name, string.Empty), s.Build!.Args)
                .Select(image => byImage.GetValueOrDefault(ImageReference.Normalize(image)))
                .OfType<string>().Where(d => d != s.Name).Distinct().ToList())).ToList();
        return TopologicalOrder(builds);
    }

    // Checked here, where the compose file and line are known, so the message points at the service to fix.
    private static void CheckSources(ComposeProject project, ComposeService service)
    {
        var build = service.Build!;
        var where = $"{project.FilePath}:{service.Line}: service '{service.Name}'";
        if (build.IsRemoteContext)
            throw new BuildPlanException($"{where}: build context '{build.Context}' is remote; BuildParallel builds only local folders (clone it and point context: at the folder)");
        if (!Directory.Exists(build.Context))
            throw new BuildPlanException($"{where}: build context {build.Context} does not exist");
        if (!File.Exists(build.DockerfilePath))
            throw new BuildPlanException($"{where}: Dockerfile {build.DockerfilePath} does not exist");
    }

    private static IReadOnlyList<PlannedBuild> TopologicalOrder(IReadOnlyList<PlannedBuild> builds)
    {
        var byName = builds.ToDictionary(b => b.Service.Name);
        var ordered = new List<PlannedBuild>();
        var state = new Dictionary<string, bool>(); // false = visiting, true = done
        void Visit(PlannedBuild build, Stack<string> path)
        {
            if (state.TryGetValue(build.Service.Name, out var done))
            {
                if (!done) throw new BuildPlanException($"images are built FROM each other in a cycle: {string.Join(" -> ", path.Reverse().Append(build.Service.Name))}");
                return;
            }
            state[build.Service.Name] = false;
            path.Push(build.Service.Name);
            foreach (var dependency in build.DependsOn) Visit(byName[dependency], path);
            path.Pop();
            state[build.Service.Name] = true;
            ordered.Add(build);
        }
        foreach (var build in builds) Visit(build, new Stack<string>());
        return ordered;
    }
}
