using Pipeline.Compose.Model;
using Pipeline.Dockerfiles.Syntax;

namespace Pipeline.Stack.Mapping;

/// <summary>Which base images of the map the stack's Dockerfiles actually start from (so BaseImage makes only what is used).</summary>
public static class BaseImageUse
{
    /// <summary>The map's keys that some stage of a selected service's Dockerfile names in <c>FROM</c>.</summary>
    public static IReadOnlyList<string> MappedBases(ComposeProject project, IReadOnlyCollection<string> services, IReadOnlyDictionary<string, string> map)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in StackServices.Buildable(project, services))
        {
            var path = service.Build!.DockerfilePath;
            if (!File.Exists(path)) continue; // BuildParallel reports a missing Dockerfile
            DockerfileDocument document;
            try { document = DockerfileParser.Parse(File.ReadAllText(path), path); }
            catch (DockerfileParseException) { continue; } // and an unparsable one
            foreach (var stage in document.Stages)
                if (map.ContainsKey(stage.BaseImage)) used.Add(stage.BaseImage);
        }
        return used.Order(StringComparer.Ordinal).ToList();
    }
}
