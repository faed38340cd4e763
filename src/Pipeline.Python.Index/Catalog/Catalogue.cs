using System.Reflection;

namespace Pipeline.Python.Index.Catalog;

/// <summary>
/// A list of stand-in distributions and the indexes they are served from. The shipped catalogue
/// reproduces the dependency shape of torch 2.5.1 on Linux x86-64 (CUDA build on the PyPI-like index,
/// <c>+cpu</c> builds on the CPU index) plus an example AI service stack.
/// </summary>
public sealed record Catalogue
{
    /// <summary>Name of the catalogue shipped inside this assembly.</summary>
    public const string DefaultName = "torch-2.5.1-linux-x86_64";

    /// <summary>Short name of the catalogue (from its <c>name</c> field).</summary>
    public required string Name { get; init; }

    /// <summary>Where it was loaded from (file path or embedded resource name), for error messages.</summary>
    public required string Source { get; init; }

    /// <summary>Index names and a one-line description of what each imitates.</summary>
    public required IReadOnlyDictionary<string, string> Indexes { get; init; }

    /// <summary>Every distribution, in file order.</summary>
    public required IReadOnlyList<CatalogueEntry> Entries { get; init; }

    /// <summary>Entries served by <paramref name="index"/>.</summary>
    public IEnumerable<CatalogueEntry> EntriesFor(string index) =>
        Entries.Where(e => e.Indexes.Contains(index, StringComparer.Ordinal));

    /// <summary>Reads and validates a catalogue file.</summary>
    public static async Task<Catalogue> LoadFileAsync(string path, CancellationToken ct = default)
    {
        var text = await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
        return CatalogueParser.Parse(text, path);
    }

    /// <summary>Loads a catalogue embedded in this assembly (default: the torch 2.5.1 one).</summary>
    public static Catalogue LoadEmbedded(string name = DefaultName)
    {
        var resource = $"Pipeline.Python.Index.Catalogues.{name}.json";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new CatalogueException(resource, 1, $"no embedded catalogue named '{name}' (expected one of: {string.Join(", ", EmbeddedNames())})");
        using var reader = new StreamReader(stream);
        return CatalogueParser.Parse(reader.ReadToEnd(), resource);
    }

    /// <summary>Names of the catalogues embedded in this assembly.</summary>
    public static IReadOnlyList<string> EmbeddedNames()
    {
        const string prefix = "Pipeline.Python.Index.Catalogues.";
        return Assembly.GetExecutingAssembly().GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n => n[prefix.Length..^5])
            .ToList();
    }
}
