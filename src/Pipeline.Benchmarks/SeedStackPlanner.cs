using Pipeline.Dockerfiles.Shell;
using Pipeline.Dockerfiles.Syntax;

namespace Pipeline.Benchmarks;

/// <summary>One service of the seed stack as the fixture gives it.</summary>
/// <param name="Name">The compose service name.</param>
/// <param name="Dockerfile">The Dockerfile's path relative to the build context, <c>/</c>-separated (e.g. <c>aidb/Dockerfile</c>).</param>
/// <param name="DockerfileText">The hand-fixed Dockerfile (the fixture's <c>Dockerfile.after</c>).</param>
/// <param name="DockerfileSource">Where <paramref name="DockerfileText"/> came from, for reasons (e.g. <c>aidb/Dockerfile.after</c>).</param>
public sealed record SeedService(string Name, string Dockerfile, string DockerfileText, string DockerfileSource);

/// <summary>A file the fixture lacks but a Dockerfile copies: written as a small stub so the image builds.</summary>
/// <param name="Path">Context-relative path, <c>/</c>-separated.</param>
/// <param name="Text">The stub's content (says it is a stub).</param>
/// <param name="Executable">Written with the executable bits (shell scripts).</param>
/// <param name="Reason">The instruction that names it, e.g. <c>aidb/Dockerfile.after:48: COPY config/config.yaml …</c>.</param>
public sealed record SeedStub(string Path, string Text, bool Executable, string Reason);

/// <summary>What the seed stack's materialised copy holds besides the fixture's own files.</summary>
/// <param name="Stubs">Files written as stubs, each once, in the order the Dockerfiles name them.</param>
public sealed record SeedStackPlan(IReadOnlyList<SeedStub> Stubs);

/// <summary>
/// Which files the seed stack's Dockerfiles need that the fixture does not have. The fixture keeps each service's
/// Dockerfiles and requirements only; its images also <c>COPY</c> code, configuration and start scripts. A source is
/// needed when a <c>COPY</c>/<c>ADD</c> (without <c>--from</c>) names it, and, inside a folder it copies, when the
/// image then runs it (<c>chmod</c> in a <c>RUN</c>, the program or script of <c>CMD</c>/<c>ENTRYPOINT</c>). Read
/// with the Dockerfile parser and shell parser, not patterns. Pure.
/// </summary>
public static class SeedStackPlanner
{
    /// <summary>The marker every stub carries.</summary>
    public const string StubMarker = "STUB written by Pipeline's benchmark";

    /// <summary>
    /// The stubs for <paramref name="services"/>, given the context-relative files the materialised stack has from the
    /// fixture (<paramref name="fixtureFiles"/>, <c>/</c>-separated).
    /// </summary>
    public static SeedStackPlan Plan(IReadOnlyList<SeedService> services, IReadOnlyCollection<string> fixtureFiles)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(fixtureFiles);
        var known = new HashSet<string>(fixtureFiles, StringComparer.Ordinal);
        var stubs = new List<SeedStub>();
        void Need(string path, bool folder, string reason)
        {
            if (folder)
            {
                // A folder copied needs something in it; one that already has a file is there.
                if (known.Any(k => k.StartsWith(path + "/", StringComparison.Ordinal))) return;
                path += "/STUB.txt";
            }
            if (!known.Add(path)) return;
            stubs.Add(Stub(path, reason));
        }

        foreach (var service in services)
        {
            var document = DockerfileParser.Parse(service.DockerfileText, service.DockerfileSource);
            foreach (var stage in document.Stages)
            {
                var workdir = "/";
                var folders = new List<(string Source, string Destination)>();
                foreach (var instruction in stage.Instructions)
                {
                    var reason = $"{service.DockerfileSource}:{instruction.StartLine}: {FirstLine(instruction)}";
                    switch (instruction.Command)
                    {
                        case "WORKDIR" when instruction.Arguments.Count > 0:
                            workdir = InImage(workdir, instruction.Arguments[0]);
                            break;
                        case "COPY" or "ADD" when !instruction.FlagValues("from").Any() && instruction.Arguments.Count >= 2 && instruction.Heredocs.Count == 0:
                            var destination = InImage(workdir, instruction.Arguments[^1]);
                            foreach (var word in instruction.Arguments.Take(instruction.Arguments.Count - 1))
                            {
                                if (word.Contains('$') || word.Contains("://", StringComparison.Ordinal) || word.IndexOfAny(['*', '?', '[']) >= 0) continue;
                                var source = Clean(word);
                                var folder = word.EndsWith('/') || source == "." || known.Any(k => k.StartsWith(source + "/", StringComparison.Ordinal));
                                if (source == ".") continue; // the whole context: there is always something
                                Need(source, folder, reason);
                                if (folder) folders.Add((source, destination.TrimEnd('/')));
                            }
                            break;
                        case "RUN":
                            foreach (var script in RunScript.Of(instruction))
                                foreach (var command in script.Commands)
                                    if (command.Arguments.Count > 2 && command.Arguments[0].Value == "chmod")
                                        // chmod [options] MODE FILE...: the files after the mode.
                                        foreach (var word in command.Arguments.Skip(1).Where(w => !w.Value.StartsWith('-')).Skip(1))
                                            NeedRun(word.Value, workdir, folders, reason, Need);
                            break;
                        case "CMD" or "ENTRYPOINT" when instruction.IsJsonForm:
                            foreach (var word in instruction.Arguments.Where(RunsAsFile))
                                NeedRun(word, workdir, folders, reason, Need);
                            break;
                    }
                }
            }
        }
        return new SeedStackPlan(stubs);
    }

    // A file the image runs, inside a folder a COPY brought in from the context: it must be in that folder.
    private static void NeedRun(string word, string workdir, List<(string Source, string Destination)> folders, string reason, Action<string, bool, string> need)
    {
        if (word.Contains('$')) return;
        var path = InImage(workdir, word);
        foreach (var (source, destination) in folders)
        {
            var prefix = destination == "" ? "/" : destination + "/";
            if (!path.StartsWith(prefix, StringComparison.Ordinal)) continue;
            need(source + "/" + path[prefix.Length..], false, reason);
            return;
        }
    }

    // The program or a script argument: a path, or a name ending like a script (server.py, start.sh).
    private static bool RunsAsFile(string word) =>
        word.Contains('/') || word.EndsWith(".py", StringComparison.Ordinal) || word.EndsWith(".sh", StringComparison.Ordinal);

    private static string InImage(string workdir, string path)
    {
        var full = path.StartsWith('/') ? path : workdir.TrimEnd('/') + "/" + path;
        var parts = new List<string>();
        foreach (var part in full.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(part);
        }
        return "/" + string.Join('/', parts) + (path.EndsWith('/') && parts.Count > 0 ? "/" : "");
    }

    private static string Clean(string source)
    {
        var clean = InImage("/", source).Trim('/');
        return clean.Length == 0 ? "." : clean;
    }

    private static string FirstLine(Instruction instruction)
    {
        var text = $"{instruction.Keyword} {instruction.ArgumentText}".ReplaceLineEndings(" ");
        return text.Length <= 80 ? text : text[..77] + "...";
    }

    /// <summary>A stub for <paramref name="path"/>: a shell script (<c>#!/bin/sh</c>, executable) that execs Python, a Python module, YAML, or text.</summary>
    public static SeedStub Stub(string path, string reason)
    {
        var name = path.Split('/')[^1];
        var why = $"{StubMarker}: the seed stack fixture has no {path} (needed by {reason}).";
        return Path.GetExtension(name) switch
        {
            ".sh" => new SeedStub(path, $"#!/bin/sh\n# {why}\nexec python -m http.server \"${{PORT:-8000}}\"\n", true, reason),
            ".py" => new SeedStub(path, $"# {why}\n\"\"\"Stub of {name}.\"\"\"\n\nif __name__ == \"__main__\":\n    print(\"stub: {name}\")\n", false, reason),
            ".yaml" or ".yml" => new SeedStub(path, $"# {why}\nstub: true\n", false, reason),
            _ => new SeedStub(path, $"{why}\n", false, reason),
        };
    }
}
