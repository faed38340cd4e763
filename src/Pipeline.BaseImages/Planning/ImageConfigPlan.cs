namespace Pipeline.BaseImages.Planning;

/// <summary>
/// The image configuration written as Dockerfile instructions (<c>ENV</c>, <c>LABEL</c>, <c>CMD</c>).
/// The same lines serve as the <c>changes</c> of an import and as the body of a <c>FROM</c> build,
/// so bootstrapped and pulled images carry the same labels.
/// </summary>
internal static class ImageConfigPlan
{
    /// <summary>PATH as in the official python images: <c>/usr/local/bin</c> first so venv-less <c>pip install</c> tools are found.</summary>
    public const string Path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>The labels every base image gets (OCI annotations plus the recipe hash).</summary>
    public static IReadOnlyDictionary<string, string> Labels(BaseImageRecipe recipe, string pythonVersion, DateTimeOffset created) =>
        new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["org.opencontainers.image.title"] = "pipeline python base",
            ["org.opencontainers.image.description"] = recipe.Kind == "bootstrap"
                ? $"Debian {recipe.Source} with Python {pythonVersion}, bootstrapped from {recipe.Mirror}"
                : $"{recipe.Source} (Python {pythonVersion}), labelled for reuse",
            ["org.opencontainers.image.version"] = pythonVersion,
            ["org.opencontainers.image.created"] = created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
            ["org.opencontainers.image.base.name"] = recipe.Kind == "bootstrap" ? $"debian:{recipe.Source}" : recipe.Source,
            ["org.opencontainers.image.vendor"] = "Pipeline",
            [BaseImageRecipe.LabelName] = recipe.Hash,
        };

    /// <summary>Instructions for a bootstrapped image: environment, labels and the default command.</summary>
    public static IReadOnlyList<string> ForBootstrap(BaseImageRecipe recipe, string pythonVersion, DateTimeOffset created) =>
    [
        $"ENV PATH={Path}",
        "ENV LANG=C.UTF-8",
        $"ENV PYTHON_VERSION={pythonVersion}",
        .. LabelInstructions(Labels(recipe, pythonVersion, created)),
        """CMD ["python3"]""",
    ];

    /// <summary>Instructions for a pulled image: only labels (its environment is already right).</summary>
    public static IReadOnlyList<string> ForRegistry(BaseImageRecipe recipe, string pythonVersion, DateTimeOffset created) =>
        LabelInstructions(Labels(recipe, pythonVersion, created));

    /// <summary>A Dockerfile that applies <paramref name="instructions"/> on top of <paramref name="from"/>.</summary>
    public static string Dockerfile(string from, IEnumerable<string> instructions) =>
        $"FROM {from}\n{string.Join('\n', instructions)}\n";

    private static string[] LabelInstructions(IReadOnlyDictionary<string, string> labels) =>
        labels.Select(kv => $"LABEL {kv.Key}=\"{Escape(kv.Value)}\"").ToArray();

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
