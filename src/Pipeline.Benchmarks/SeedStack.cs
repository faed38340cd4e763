using System.Text;
using Pipeline.Compose.Loading;
using Serilog;

namespace Pipeline.Benchmarks;

/// <summary>The seed stack written out as a stack Pipeline can build.</summary>
/// <param name="Root">The materialised stack's root (the folder a scenario copies).</param>
/// <param name="ComposeFile">Its compose file (<c>compose/docker-compose.yml</c> under <paramref name="Root"/>).</param>
/// <param name="Services">The services built: those whose Dockerfile the fixture has, in compose-file order.</param>
/// <param name="LeftOut">Services with a <c>build:</c> section left out, with the reason.</param>
/// <param name="Plan">The stubs written.</param>
public sealed record MaterialisedSeedStack(
    string Root, string ComposeFile, IReadOnlyList<string> Services, IReadOnlyDictionary<string, string> LeftOut, SeedStackPlan Plan);

/// <summary>
/// Writes the seed stack (<c>../shared/fixtures/seed-stack</c>: the real compose file and five services' hand-fixed
/// Dockerfiles and requirements) as a buildable stack: <c>compose/docker-compose.yml</c> as it is (its build contexts
/// are <c>../mcp-servers</c>, as in the stack's own repository), <c>mcp-servers/&lt;service&gt;/Dockerfile</c> =
/// <c>Dockerfile.after</c>, <c>requirements.txt</c> = <c>requirements.after.txt</c>, and the stubs
/// <see cref="SeedStackPlanner"/> says the Dockerfiles need, listed in a README. Services whose Dockerfile the fixture
/// does not have (embeddings, aider-wrapper) are left out: a user names the others with <c>--services</c>.
/// </summary>
public static class SeedStack
{
    /// <summary>The fixture folder relative to the repository root.</summary>
    public static readonly string FixtureRelativePath = Path.Combine("..", "shared", "fixtures", "seed-stack");

    /// <summary>The fixture folder for a repository root.</summary>
    public static string FixtureDirectory(string rootDirectory) => Path.GetFullPath(Path.Combine(rootDirectory, FixtureRelativePath));

    private const string ComposeFolder = "compose";

    /// <summary>
    /// Writes the stack from <paramref name="fixture"/> into <paramref name="destination"/> (replaced whole: written
    /// beside it first, then moved into place).
    /// </summary>
    /// <exception cref="BenchmarkException">The fixture is missing or a service's Dockerfile does not parse.</exception>
    public static async Task<MaterialisedSeedStack> MaterialiseAsync(string fixture, string destination, ILogger? logger, CancellationToken ct)
    {
        var log = logger ?? Log.Logger;
        var fixtureCompose = Path.Combine(fixture, "docker-compose.yml");
        if (!File.Exists(fixtureCompose))
            throw new BenchmarkException($"--benchmark-stack seed: the seed stack fixture is not there ({fixtureCompose} not found; it lives beside the repository in ../shared/fixtures/seed-stack)");
        var project = await ComposeFileLoader.LoadAsync(new ComposeLoadOptions { Path = fixtureCompose }, ct);

        var services = new List<SeedService>();
        var leftOut = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = new Dictionary<string, string>(StringComparer.Ordinal); // context-relative path → fixture file
        string? context = null;
        foreach (var service in project.Services.Where(s => s.Build is { IsRemoteContext: false }))
        {
            var build = service.Build!;
            var dockerfile = Path.GetRelativePath(build.Context, build.DockerfilePath).Replace(Path.DirectorySeparatorChar, '/');
            var folder = dockerfile.Split('/')[0];
            var after = Path.Combine(fixture, folder, "Dockerfile.after");
            if (dockerfile.Split('/').Length != 2 || !File.Exists(after))
            {
                leftOut[service.Name] = $"{dockerfile} is not in the fixture";
                continue;
            }
            context ??= Path.GetRelativePath(Path.GetDirectoryName(fixtureCompose)!, build.Context);
            services.Add(new SeedService(service.Name, dockerfile, await File.ReadAllTextAsync(after, ct), $"{folder}/Dockerfile.after"));
            files[dockerfile] = after;
            var requirements = Path.Combine(fixture, folder, "requirements.after.txt");
            if (File.Exists(requirements)) files[$"{folder}/requirements.txt"] = requirements;
        }
        if (services.Count == 0 || context is null)
            throw new BenchmarkException($"--benchmark-stack seed: no service of {fixtureCompose} has its Dockerfile.after in {fixture}");

        SeedStackPlan plan;
        try
        {
            plan = SeedStackPlanner.Plan(services, files.Keys);
        }
        catch (Pipeline.Dockerfiles.Syntax.DockerfileParseException e)
        {
            throw new BenchmarkException($"--benchmark-stack seed: {e.Message}");
        }

        var staging = destination.TrimEnd(Path.DirectorySeparatorChar) + ".new";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        var composeDirectory = Path.Combine(staging, ComposeFolder);
        Directory.CreateDirectory(composeDirectory);
        CopyWritable(fixtureCompose, Path.Combine(composeDirectory, "docker-compose.yml"));
        var contextDirectory = Path.GetFullPath(Path.Combine(composeDirectory, context));
        if (!contextDirectory.StartsWith(Path.GetFullPath(staging) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new BenchmarkException($"--benchmark-stack seed: the build context {context} leaves the materialised stack");
        foreach (var (relative, source) in files)
        {
            var target = Path.Combine(contextDirectory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            CopyWritable(source, target);
        }
        foreach (var stub in plan.Stubs)
        {
            var target = Path.Combine(contextDirectory, stub.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await File.WriteAllTextAsync(target, stub.Text, ct);
            if (stub.Executable && !OperatingSystem.IsWindows())
                File.SetUnixFileMode(target, File.GetUnixFileMode(target) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
        await File.WriteAllTextAsync(Path.Combine(staging, "README.md"), Readme(fixture, context, services, files.Keys, leftOut, plan), ct);

        if (Directory.Exists(destination)) Directory.Delete(destination, recursive: true);
        Directory.Move(staging, destination);
        log.Information("Seed stack written to {Destination}: {Services} services from the fixture, {Stubs} stub file(s), left out: {LeftOut}",
            destination, services.Count, plan.Stubs.Count, leftOut.Count == 0 ? "none" : string.Join(", ", leftOut.Select(p => $"{p.Key} ({p.Value})")));
        return new MaterialisedSeedStack(
            destination, Path.Combine(destination, ComposeFolder, "docker-compose.yml"), services.Select(s => s.Name).ToList(), leftOut, plan);
    }

    // The fixture is read-only; a stack a user builds is their working tree, which ConfigurePip and LockCpu write to.
    private static void CopyWritable(string source, string target)
    {
        File.Copy(source, target);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(target, File.GetUnixFileMode(target) | UnixFileMode.UserWrite);
    }

    private static string Readme(string fixture, string context, IReadOnlyList<SeedService> services, IEnumerable<string> files,
        IReadOnlyDictionary<string, string> leftOut, SeedStackPlan plan)
    {
        var text = new StringBuilder();
        text.Append("# The seed stack, materialised for `./build.sh Benchmark --benchmark-stack seed`\n\n")
            .Append($"Written from `{fixture}` (do not edit: the benchmark rewrites this folder on every run).\n\n")
            .Append($"`{ComposeFolder}/docker-compose.yml` is the fixture's, unchanged; its build contexts are `{context}`.\n\n")
            .Append("## From the fixture\n\n");
        foreach (var file in files.Order(StringComparer.Ordinal))
            text.Append($"- `{context}/{file}` ← `{file.Split('/')[0]}/{(file.EndsWith("/Dockerfile", StringComparison.Ordinal) ? "Dockerfile.after" : "requirements.after.txt")}`\n");
        text.Append("\n## Stubs (not the seed stack's files)\n\nThe fixture keeps Dockerfiles and requirements only; the Dockerfiles also copy these, so each is a small stub\n")
            .Append($"marked \"{SeedStackPlanner.StubMarker}\":\n\n");
        foreach (var stub in plan.Stubs)
            text.Append($"- `{context}/{stub.Path}`: {stub.Reason}\n");
        text.Append("\n## Built\n\n").Append(string.Join(", ", services.Select(s => $"`{s.Name}`"))).Append(" (`--services`).\n");
        if (leftOut.Count > 0)
        {
            text.Append("\nLeft out (their Dockerfiles are not in the fixture):\n\n");
            foreach (var (name, reason) in leftOut) text.Append($"- `{name}`: {reason}\n");
        }
        return text.ToString();
    }
}
