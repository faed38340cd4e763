using Docker.DotNet;
using Docker.DotNet.Models;
using Pipeline.Containers.Building;
using Serilog;

namespace Pipeline.Containers.Engine;

/// <summary>What <see cref="EngineCleaner"/> removed.</summary>
/// <param name="WorkingContainers">Build working containers removed (started from an image with Pipeline's labels).</param>
/// <param name="ProbeContainers">Verify probe containers removed.</param>
/// <param name="Images">Untagged images Pipeline built, removed.</param>
/// <param name="Failures">What could not be removed, one line each.</param>
public sealed record EngineCleanResult(int WorkingContainers, int ProbeContainers, int Images, IReadOnlyList<string> Failures)
{
    /// <summary>Key facts for the build summary.</summary>
    public IReadOnlyDictionary<string, string> Notes => new Dictionary<string, string>
    {
        ["working containers removed"] = WorkingContainers.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["probe containers removed"] = ProbeContainers.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["untagged images removed"] = Images.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// The CleanEngine target: removes what Pipeline's stopped runs can leave in the engine, and nothing else. Only
/// things that carry Pipeline's labels: buildah working containers whose image carries one (the images Pipeline
/// builds carry <see cref="ImageLabels.InputsLabel"/>; its base images <see cref="BaseImageRecipeLabel"/>, which
/// every step image built on them inherits), Verify's probe containers (<see cref="ProbeLabel"/>), and untagged
/// (replaced) images with <see cref="ImageLabels.InputsLabel"/>. Run it when no build runs: a running build's
/// working containers look the same.
/// </summary>
public sealed class EngineCleaner(EngineSession engine, ILogger? logger = null)
{
    /// <summary>The label on base images the BaseImage target makes.</summary>
    public const string BaseImageRecipeLabel = "io.pipeline.base-image.recipe";

    /// <summary>The label on Verify's probe containers.</summary>
    public const string ProbeLabel = "io.pipeline.verify";

    private static readonly string[] PipelineImageLabels = [ImageLabels.InputsLabel, BaseImageRecipeLabel];
    private readonly ILogger _logger = (logger ?? Log.Logger).ForContext<EngineCleaner>();

    /// <summary>Removes Pipeline's leftovers; see the class summary for what counts as one.</summary>
    public async Task<EngineCleanResult> CleanAsync(CancellationToken ct = default)
    {
        var failures = new List<string>();
        var working = 0;
        var labelled = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var container in await WorkingContainers.ListAsync(engine, ct))
        {
            if (!await CarriesPipelineLabelAsync(container.ImageId, labelled, ct)) continue;
            if (await TryAsync($"working container {container.Name}", () => WorkingContainers.RemoveAsync(engine, container.Id, ct), failures)) working++;
        }

        var probes = 0;
        var probeContainers = await engine.Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [ProbeLabel] = true } },
        }, ct);
        foreach (var probe in probeContainers)
        {
            if (await TryAsync($"probe container {probe.Names?.FirstOrDefault() ?? probe.ID}", async () =>
                {
                    await engine.Client.Containers.RemoveContainerAsync(probe.ID, new ContainerRemoveParameters { Force = true }, ct);
                    return true;
                }, failures)) probes++;
        }
        ExecMonitors.EndFor(engine, probeContainers.Select(p => p.ID));

        var images = 0;
        var dangling = await engine.Client.Images.ListImagesAsync(new ImagesListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["dangling"] = new Dictionary<string, bool> { ["true"] = true },
                ["label"] = new Dictionary<string, bool> { [ImageLabels.InputsLabel] = true },
            },
        }, ct);
        // The filter is checked again here: an engine that ignored it must not make this remove anything else.
        foreach (var image in dangling.Where(i => (i.RepoTags ?? []).All(t => t.Contains("<none>", StringComparison.Ordinal))
                                                  && i.Labels?.ContainsKey(ImageLabels.InputsLabel) == true))
        {
            if (await TryAsync($"image {image.ID}", async () =>
                {
                    await engine.Client.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters(), ct);
                    return true;
                }, failures)) images++;
        }

        _logger.Information("CleanEngine: removed {Working} working container(s), {Probes} probe container(s), {Images} untagged image(s){Failures}",
            working, probes, images, failures.Count == 0 ? "" : $"; could not remove {failures.Count}: {string.Join("; ", failures)}");
        return new EngineCleanResult(working, probes, images, failures);
    }

    private async Task<bool> CarriesPipelineLabelAsync(string imageId, Dictionary<string, bool> known, CancellationToken ct)
    {
        if (imageId.Length == 0) return false;
        if (known.TryGetValue(imageId, out var carries)) return carries;
        try
        {
            var labels = (await engine.Client.Images.InspectImageAsync(imageId, ct)).Config?.Labels;
            carries = labels is not null && PipelineImageLabels.Any(labels.ContainsKey);
        }
        catch (DockerImageNotFoundException)
        {
            carries = false; // nothing says it is Pipeline's
        }
        return known[imageId] = carries;
    }

    private async Task<bool> TryAsync(string what, Func<Task<bool>> remove, List<string> failures)
    {
        try
        {
            return await remove();
        }
        catch (DockerApiException e)
        {
            failures.Add($"{what}: {e.ResponseBody?.Trim() ?? e.Message}");
            return false;
        }
    }
}
