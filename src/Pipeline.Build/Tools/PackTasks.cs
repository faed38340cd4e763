using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Serilog;

namespace Pipeline.Build;

/// <summary>
/// NuGet packages of a few projects of a solution: the projects a library needs are found from its
/// <c>ProjectReference</c>s, and all are packed by one <c>dotnet pack</c> (the self-build's Pack target).
/// </summary>
public static class PackTasks
{
    /// <summary>
    /// <paramref name="projects"/> and every project they reference, transitively, each once, a project after the
    /// ones it references. A reference to a missing file, or a project file that is not XML, is one line naming
    /// file:line.
    /// </summary>
    public static IReadOnlyList<AbsolutePath> WithReferences(IEnumerable<AbsolutePath> projects)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<AbsolutePath>();
        foreach (var project in projects) Visit(project);
        return ordered;

        void Visit(AbsolutePath project)
        {
            if (!seen.Add(project)) return;
            foreach (var reference in References(project)) Visit(reference);
            ordered.Add(project);
        }
    }

    private static IEnumerable<AbsolutePath> References(AbsolutePath project)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(project, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw new BuildFailedException($"{project}:{e.LineNumber}: not a project file ({e.Message})");
        }
        catch (IOException e)
        {
            throw new BuildFailedException($"{project}: cannot read the project file ({e.Message})");
        }
        var directory = AbsolutePath.Create(Path.GetDirectoryName(project)!);
        foreach (var element in document.Descendants().Where(e => e.Name.LocalName == "ProjectReference"))
        {
            var include = element.Attribute("Include")?.Value;
            if (string.IsNullOrWhiteSpace(include)) continue;
            // Project files write Windows separators as often as not; the path means the same on every OS.
            var reference = AbsolutePath.Resolve(include.Replace('\\', '/'), directory);
            if (!File.Exists(reference))
                throw new BuildFailedException($"{project}:{((IXmlLineInfo)element).LineNumber}: ProjectReference '{include}' names no file ({reference})");
            yield return reference;
        }
    }

    /// <summary>
    /// Packs <paramref name="projects"/> (all in <paramref name="solution"/>) into <paramref name="output"/>, building
    /// them in <paramref name="configuration"/> as needed. <paramref name="packageVersion"/> replaces the packages'
    /// version (<c>PackageVersion</c>: assemblies keep theirs, so nothing recompiles for it); null keeps the version
    /// the projects declare. Returns the packages written.
    /// </summary>
    public static async Task<IReadOnlyList<AbsolutePath>> PackAsync(AbsolutePath solution, IReadOnlyCollection<AbsolutePath> projects,
        AbsolutePath output, string configuration, string? packageVersion = null, CancellationToken ct = default)
    {
        if (projects.Count == 0) throw new ArgumentException("No project to pack.", nameof(projects));
        Directory.CreateDirectory(output);
        // One dotnet pack over a solution filter: the projects build once, in parallel, not one dotnet start each.
        var filterDirectory = Directory.CreateTempSubdirectory("pipeline-pack-");
        try
        {
            var solutionDirectory = Path.GetDirectoryName(solution)!;
            var filter = Path.Combine(filterDirectory.FullName, "pack.slnf");
            var model = new
            {
                solution = new
                {
                    path = (string)solution,
                    projects = projects.Select(p => Path.GetRelativePath(solutionDirectory, p).Replace('\\', '/')).ToArray(),
                },
            };
            await File.WriteAllTextAsync(filter, JsonSerializer.Serialize(model), ct);
            var before = Directory.EnumerateFiles(output, "*.nupkg").ToDictionary(f => f, File.GetLastWriteTimeUtc);
            List<string> arguments = ["pack", filter, "--nologo", "--configuration", configuration, "--output", output];
            if (packageVersion is not null) arguments.Add($"-p:PackageVersion={packageVersion}");
            await DotNetTasks.DotNetAsync(arguments, solutionDirectory, ct: ct);
            var written = Directory.EnumerateFiles(output, "*.nupkg")
                .Where(f => !before.TryGetValue(f, out var time) || time != File.GetLastWriteTimeUtc(f))
                .Select(AbsolutePath.Create).OrderBy(f => (string)f, StringComparer.Ordinal).ToList();
            Log.Information("Packed {Count} packages into {Output}", written.Count, output);
            return written;
        }
        finally
        {
            filterDirectory.Delete(recursive: true);
        }
    }
}
