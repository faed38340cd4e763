using Pipeline.Dockerfiles.Syntax;

namespace Pipeline.Dockerfiles.Pip;

/// <summary>
/// Follows WORKDIR and COPY/ADD within a stage to tell which build-context files may sit at a path inside
/// the image. Pure: it lists candidates (a COPY source may be a file or a directory), the caller checks
/// which exists.
/// </summary>
internal sealed class ContainerPaths
{
    private readonly List<(IReadOnlyList<string> Sources, string Destination, bool DestinationIsDirectory)> _copies = [];

    /// <summary>The working directory at the current point of the stage.</summary>
    public string WorkingDirectory { get; private set; } = "/";

    /// <summary>Applies WORKDIR, COPY and ADD (context copies only, not <c>--from</c>).</summary>
    public void Apply(Instruction instruction)
    {
        switch (instruction.Command)
        {
            case "WORKDIR" when instruction.Arguments.Count > 0:
                WorkingDirectory = Absolute(instruction.Arguments[0]);
                break;
            case "COPY" or "ADD" when instruction.Arguments.Count >= 2 && !instruction.FlagValues("from").Any():
                var sources = instruction.Arguments.Take(instruction.Arguments.Count - 1).Where(s => !s.StartsWith("<<", StringComparison.Ordinal)).ToList();
                var destination = instruction.Arguments[^1];
                var isDirectory = destination.EndsWith('/') || destination is "." or "./" || sources.Count > 1;
                _copies.Add((sources, Absolute(destination), isDirectory));
                break;
        }
    }

    /// <summary>Makes <paramref name="path"/> absolute against the working directory.</summary>
    public string Absolute(string path) => Clean(path.StartsWith('/') ? path : WorkingDirectory.TrimEnd('/') + "/" + path);

    /// <summary>Context-relative paths that may have been copied to <paramref name="imagePath"/>, latest copy first.</summary>
    public IReadOnlyList<string> ContextCandidates(string imagePath)
    {
        var target = Absolute(imagePath);
        var candidates = new List<string>();
        for (var i = _copies.Count - 1; i >= 0; i--)
        {
            var (sources, destination, destinationIsDirectory) = _copies[i];
            var directory = destination.TrimEnd('/');
            foreach (var source in sources)
            {
                var clean = Clean(source).TrimStart('/');
                var name = clean.Split('/')[^1];
                // Source is a file. A destination without a trailing slash is still a directory when it exists
                // in the image (WORKDIR /app, then COPY requirements.txt /app), which a Dockerfile alone cannot tell.
                if (target == directory + "/" + name || (!destinationIsDirectory && target == destination))
                    candidates.Add(clean);
                // Source is a directory: its contents land in the destination.
                if (target.StartsWith(directory + "/", StringComparison.Ordinal))
                    candidates.Add(Clean((clean is "" or "." ? "" : clean + "/") + target[(directory.Length + 1)..]).TrimStart('/'));
            }
        }
        return candidates.Distinct().ToList();
    }

    private static string Clean(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part is "" or ".")
                continue;
            if (part == "..")
            {
                if (parts.Count > 0)
                    parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return (path.StartsWith('/') ? "/" : "") + string.Join('/', parts);
    }
}
