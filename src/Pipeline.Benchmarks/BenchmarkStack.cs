using Pipeline.Python.Index.Catalog;
using Serilog;

namespace Pipeline.Benchmarks;

/// <summary>
/// The stack a benchmark builds and what goes with it: the folder each scenario copies, the services built, how the
/// by-hand copy is made, which scenarios cannot run on it, and the catalogue the stand-in upstream serves.
/// </summary>
/// <param name="Name">The <c>--benchmark-stack</c> name.</param>
/// <param name="ComposeFile">The stack's compose file.</param>
/// <param name="Root">The folder copied for each scenario (the compose file's folder, or above it when build contexts are).</param>
/// <param name="Services">Services built (empty: all).</param>
/// <param name="ByHand">How the by-hand copy is made.</param>
/// <param name="ByHandOverlay">With <see cref="ByHandKind.Overlay"/>: the hand-fixed variant's folder.</param>
/// <param name="Catalogue">The embedded catalogue the upstream serves.</param>
/// <param name="Skipped">Scenarios that cannot run on this stack, with the reason.</param>
public sealed record BenchmarkStack(
    string Name,
    string ComposeFile,
    string Root,
    IReadOnlyList<string> Services,
    ByHandKind ByHand,
    string? ByHandOverlay,
    string Catalogue,
    IReadOnlyDictionary<Scenario, string> Skipped)
{
    /// <summary>The stack of <c>--compose-file</c> (default).</summary>
    public const string ComposeName = "compose";

    /// <summary>The seed stack (<c>../shared/fixtures/seed-stack</c>).</summary>
    public const string SeedName = "seed";

    /// <summary>The catalogue of the seed stack's packages.</summary>
    public const string SeedCatalogue = "seed-stack-linux-x86_64";

    /// <summary>The names <c>--benchmark-stack</c> takes.</summary>
    public static readonly IReadOnlyList<string> Names = [ComposeName, SeedName];

    /// <summary>
    /// One line (after the option's name) when <paramref name="name"/> is not a stack name or its stack cannot be had
    /// here; null when usable.
    /// </summary>
    public static string? Problem(string? name, string rootDirectory)
    {
        if (name is null || string.Equals(name, ComposeName, StringComparison.OrdinalIgnoreCase)) return null;
        if (!string.Equals(name, SeedName, StringComparison.OrdinalIgnoreCase))
            return $"'{name}': expected {ComposeName} (the --compose-file stack, the default) or {SeedName} (the seed stack fixture)";
        var fixture = SeedStack.FixtureDirectory(rootDirectory);
        return File.Exists(Path.Combine(fixture, "docker-compose.yml"))
            ? null
            : $"'{name}': the seed stack fixture is not there ({fixture} not found; it lives beside the repository in ../shared/fixtures/seed-stack)";
    }

    /// <summary>True for the seed stack's name.</summary>
    public static bool IsSeed(string? name) => string.Equals(name, SeedName, StringComparison.OrdinalIgnoreCase);

    /// <summary>The stack <paramref name="options"/> name; the seed stack is materialised under <paramref name="work"/>.</summary>
    public static async Task<BenchmarkStack> ResolveAsync(BenchmarkOptions options, string work, ILogger log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Problem(options.Stack, options.RootDirectory) is { } problem) throw new BenchmarkException($"--benchmark-stack {problem}");
        if (!IsSeed(options.Stack))
        {
            var compose = Path.GetFullPath(options.ComposeFile);
            return new BenchmarkStack(ComposeName, compose, Path.GetDirectoryName(compose)!, [], ByHandKind.Overlay, options.ByHandDirectory,
                Pipeline.Python.Index.Catalog.Catalogue.DefaultName, new Dictionary<Scenario, string>());
        }
        var seed = await SeedStack.MaterialiseAsync(SeedStack.FixtureDirectory(options.RootDirectory), Path.Combine(work, "seed-stack"), log, ct);
        return new BenchmarkStack(SeedName, seed.ComposeFile, seed.Root, seed.Services, ByHandKind.PointAtUpstream, null, SeedCatalogue,
            new Dictionary<Scenario, string>
            {
                [Scenario.AsIs] = "the seed stack has no Dockerfile.before for nixos-docs (4 of its 5 services have one), so there is no whole stack as it was",
            });
    }

    /// <summary>Loads the catalogue the upstream serves.</summary>
    public Catalogue LoadCatalogue() => Pipeline.Python.Index.Catalog.Catalogue.LoadEmbedded(Catalogue);
}

/// <summary>How a stack's by-hand copy is made.</summary>
public enum ByHandKind
{
    /// <summary>The hand-fixed variant's files are laid over the copy (<c>--benchmark-by-hand</c>).</summary>
    Overlay,

    /// <summary>
    /// The stack is the hand fix already (the seed stack's Dockerfile.after files): the copy only gets pip pointed at the
    /// upstream (<see cref="StackCopy.PointAtUpstream"/>).
    /// </summary>
    PointAtUpstream,
}
