using Pipeline.Compose.Model;
using Pipeline.Dockerfiles.Syntax;
using Pipeline.Containers.Context;

namespace Pipeline.Stack.Mapping;

/// <summary>Which base images of the map the stack's Dockerfiles actually start from (so BaseImage makes only what is used).</summary>
internal static class BaseImageUse
{
    /// <summary>
    /// The map's keys that some stage of a selected service's Dockerfile names in <c>FROM</c>. Names are compared
    /// normalised, as BuildParallel maps them (<c>docker.io/library/python:3.11-slim</c> is <c>python:3.11-slim</c>),
    /// so BaseImage makes every image BuildParallel will build from; the key is returned as the map spells it.
    /// </summary>
    public static IReadOnlyList<string> MappedBases(ComposeProject project, IReadOnlyCollection<string> services, IReadOnlyDictionary<string, string> map)
    {
        // Two keys that normalise alike are one image to BuildParallel (its dictionary would reject them): first key wins here.
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in map.Keys) keys.TryAdd(ImageReference.Normalize(key), key);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in StackServices.Buildable(project, services))
        {
            var path = service.Build!.DockerfilePath;
            if (!File.Exists(path)) continue; // BuildParallel reports a missing Dockerfile
            DockerfileDocument document;
            try { document = DockerfileParser.Parse(File.ReadAllText(path), path); }
            catch (DockerfileParseException) { continue; } // and an unparsable one
            // FROM ${BASE} counts as the image BASE names, with the service's build args, as BuildParallel resolves it.
            foreach (var image in ArgResolver.For(document, service.Build.Args).ExternalBaseImages())
                if (keys.TryGetValue(ImageReference.Normalize(image), out var key)) used.Add(key);
        }
        return used.Order(StringComparer.Ordinal).ToList();
    }
}
