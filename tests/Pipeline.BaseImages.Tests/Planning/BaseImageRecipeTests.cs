using Pipeline.BaseImages.Planning;

namespace Pipeline.BaseImages.Tests.Planning;

public sealed class BaseImageRecipeTests
{
    private static BaseImageRecipe Recipe(string suite = "bookworm", string mirror = "http://deb.debian.org/debian", params string[] extra) =>
        BaseImageRecipe.ForBootstrap(suite, mirror, extra);

    [Fact]
    public void Hash_is_stable_lowercase_sha256()
    {
        var hash = Recipe().Hash;
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(hash, Recipe().Hash);
    }

    [Fact]
    public void Hash_changes_with_suite_mirror_and_packages()
    {
        var baseline = Recipe().Hash;
        Assert.NotEqual(baseline, Recipe(suite: "trixie").Hash);
        Assert.NotEqual(baseline, Recipe(mirror: "http://mirror.example/debian").Hash);
        Assert.NotEqual(baseline, Recipe(extra: "git").Hash);
    }

    [Fact]
    public void Package_order_duplicates_and_mirror_trailing_slash_do_not_matter()
    {
        Assert.Equal(Recipe(extra: ["git", "curl"]).Hash, Recipe(extra: ["curl", "git", "curl", "python3"]).Hash);
        Assert.Equal(Recipe().Hash, Recipe(mirror: "http://DEB.debian.org/debian/").Hash);
    }

    [Fact]
    public void Canonical_text_names_every_input_and_the_procedure_version()
    {
        var text = Recipe(extra: "git").CanonicalText;
        Assert.Contains("kind=bootstrap\n", text);
        Assert.Contains("source=bookworm\n", text);
        Assert.Contains("mirror=http://deb.debian.org/debian\n", text);
        Assert.Contains("packages=ca-certificates,git,python3,python3-pip,python3-venv\n", text);
        Assert.Contains($"procedure={BaseImageRecipe.ProcedureVersion}\n", text);
    }

    [Fact]
    public void Registry_recipe_differs_from_bootstrap_recipe()
    {
        var registry = BaseImageRecipe.ForRegistry("docker.io/library/python:3.11-slim");
        Assert.NotEqual(Recipe().Hash, registry.Hash);
        Assert.Empty(registry.Packages);
    }
}
