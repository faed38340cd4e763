using Pipeline.Compose.Model;
using Pipeline.Dockerfiles.Syntax;
using Pipeline.IO;
using Pipeline.Verify;

namespace Pipeline.Stack.Mapping;

/// <summary>
/// What Verify expects of each image, from the compose file: the image name, the size budget
/// (<c>x-pipeline: size-budget</c>, else the default), the <c>user:</c>, and the pip settings the service's
/// Dockerfile sets in its final stage (as ConfigurePip writes them).
/// </summary>
internal static class VerifyTargets
{
    /// <summary>The extension key holding Pipeline's per-service settings.</summary>
    public const string Extension = "x-pipeline";

    /// <summary>One target per selected service that has an image or a build section.</summary>
    public static IReadOnlyList<VerifyTarget> For(ComposeProject project, IReadOnlyCollection<string> services, long? defaultSizeBudget)
    {
        var targets = new List<VerifyTarget>();
        foreach (var service in StackServices.Select(project, services).Where(s => s.Image is not null || s.Build is not null))
        {
            var budgetText = service.Extensions.GetString(Extension, "size-budget");
            var budget = budgetText is null
                ? defaultSizeBudget
                : ByteSize.Parse(budgetText, $"{project.FilePath}:{service.Line} ({service.Name}.{Extension}.size-budget)");
            targets.Add(new VerifyTarget(service.Name, project.ImageFor(service))
            {
                SizeBudgetBytes = budget,
                ExpectedUser = service.User,
                Pip = service.Build is { } build ? PipSettingsOf(build.DockerfilePath, build.Target) : null,
            });
        }
        return targets;
    }

    /// <summary>PIP_DEFAULT_TIMEOUT / PIP_RETRIES set by ENV in the built stage, or null when it sets neither.</summary>
    public static PipExpectation? PipSettingsOf(string dockerfilePath, string? targetStage)
    {
        if (!File.Exists(dockerfilePath)) return null;
        DockerfileDocument document;
        try
        {
            document = DockerfileParser.Parse(File.ReadAllText(dockerfilePath), dockerfilePath);
        }
        catch (DockerfileParseException)
        {
            return null; // BuildParallel reports unparsable Dockerfiles; Verify only loses this expectation
        }
        var stage = targetStage is null
            ? document.Stages.LastOrDefault()
            : document.Stages.FirstOrDefault(s => string.Equals(s.Name, targetStage, StringComparison.OrdinalIgnoreCase));
        if (stage is null) return null;
        var env = stage.Instructions.Where(i => i.Command == "ENV").SelectMany(i => i.KeyValues)
            .GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        int? Read(string key) => env.TryGetValue(key, out var v) && int.TryParse(v.Trim('"', '\''), out var n) ? n : null;
        var timeout = Read("PIP_DEFAULT_TIMEOUT") ?? Read("PIP_TIMEOUT");
        var retries = Read("PIP_RETRIES");
        return timeout is null && retries is null ? null : new PipExpectation(timeout, retries);
    }
}
