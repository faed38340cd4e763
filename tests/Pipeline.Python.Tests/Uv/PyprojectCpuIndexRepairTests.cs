using Pipeline.Python.Uv;

namespace Pipeline.Python.Tests.Uv;

public class PyprojectCpuIndexRepairTests
{
    // The broken recipe from python-packaging.md: deprecated extra-index-url plus a source naming an undeclared index.
    internal const string Broken = """
        # Service that embeds text with sentence-transformers.
        [project]
        name = "embedder"
        version = "0.1.0"
        requires-python = ">=3.11"
        dependencies = [
            "fastapi>=0.115",   # web API
            "torch==2.5.1",
            "torchvision==0.20.1",
        ]

        [tool.uv]
        # Use the CPU-only PyTorch wheels (no CUDA) -- copied from a blog post.
        extra-index-url = ["https://download.pytorch.org/whl/cpu"]
        package = false

        # Route torch to the CPU index.
        [tool.uv.sources]
        torch = { index = "pytorch-cpu" }  # keep in sync with Dockerfile

        [tool.ruff]
        line-length = 100 # wide screens

        """;

    internal const string Repaired = """
        # Service that embeds text with sentence-transformers.
        [project]
        name = "embedder"
        version = "0.1.0"
        requires-python = ">=3.11"
        dependencies = [
            "fastapi>=0.115",   # web API
            "torch==2.5.1",
            "torchvision==0.20.1",
        ]

        [tool.uv]
        # Use the CPU-only PyTorch wheels (no CUDA) -- copied from a blog post.
        package = false

        [[tool.uv.index]]
        name = "pytorch-cpu"
        url = "https://download.pytorch.org/whl/cpu"
        explicit = true

        # Route torch to the CPU index.
        [tool.uv.sources]
        torch = { index = "pytorch-cpu" }  # keep in sync with Dockerfile
        torchvision = [{ index = "pytorch-cpu" }]

        [tool.ruff]
        line-length = 100 # wide screens

        """;

    [Fact]
    public void Broken_recipe_becomes_the_documented_one_keeping_every_comment()
    {
        var result = PyprojectCpuIndexRepair.Repair(Broken, "pyproject.toml", CpuIndexSettings.Default);

        Assert.Equal(Repaired, result.Text);
        Assert.Equal(["torch", "torchvision"], result.TorchPackages);
        Assert.Equal(3, result.Changes.Count);
        foreach (var comment in Broken.Split('\n').Select(l => l.Trim()).Where(l => l.Contains('#')))
            Assert.Contains(comment.Contains("extra-index-url") ? "# Use the CPU-only" : comment[comment.IndexOf('#')..], result.Text);
    }

    [Fact]
    public void Second_run_changes_nothing()
    {
        var once = PyprojectCpuIndexRepair.Repair(Broken, "pyproject.toml", CpuIndexSettings.Default);
        var twice = PyprojectCpuIndexRepair.Repair(once.Text, "pyproject.toml", CpuIndexSettings.Default);

        Assert.False(twice.Changed);
        Assert.Equal(once.Text, twice.Text);
    }

    [Fact]
    public void Non_explicit_index_is_made_explicit_and_other_extra_indexes_are_kept()
    {
        const string text = """
            [project]
            name = "x"
            dependencies = ["torch"]

            [tool.uv]
            extra-index-url = ["https://download.pytorch.org/whl/cpu/", "https://example.org/simple"]

            [[tool.uv.index]]
            name = "cpu"
            url = "https://download.pytorch.org/whl/cpu"
            """;

        var result = PyprojectCpuIndexRepair.Repair(text, "pyproject.toml", CpuIndexSettings.Default);

        Assert.Equal("cpu", result.IndexName);
        Assert.Contains("extra-index-url = [\"https://example.org/simple\"]", result.Text);
        Assert.Contains("url = \"https://download.pytorch.org/whl/cpu\"\nexplicit = true", result.Text);
        Assert.Contains("[tool.uv.sources]\ntorch = [{ index = \"cpu\" }]", result.Text);
        Assert.False(PyprojectCpuIndexRepair.Repair(result.Text, "pyproject.toml", CpuIndexSettings.Default).Changed);
    }

    [Fact]
    public void Project_without_tool_uv_gets_both_tables_appended()
    {
        const string text = "[project]\nname = \"x\"\ndependencies = [\"torchaudio>=2\"]\n";

        var result = PyprojectCpuIndexRepair.Repair(text, "pyproject.toml", CpuIndexSettings.Default);

        Assert.Equal(text + """

            [[tool.uv.index]]
            name = "pytorch-cpu"
            url = "https://download.pytorch.org/whl/cpu"
            explicit = true

            [tool.uv.sources]
            torchaudio = [{ index = "pytorch-cpu" }]

            """, result.Text);
        Assert.False(PyprojectCpuIndexRepair.Repair(result.Text, "pyproject.toml", CpuIndexSettings.Default).Changed);
    }

    [Fact]
    public void Project_without_torch_is_left_alone()
    {
        const string text = "[project]\nname = \"x\"\ndependencies = [\"fastapi\"]\n\n[tool.uv]\npackage = false\n";

        var result = PyprojectCpuIndexRepair.Repair(text, "pyproject.toml", CpuIndexSettings.Default);

        Assert.False(result.Changed);
        Assert.Same(text, result.Text);
    }

    [Fact]
    public void Crlf_files_keep_their_line_endings()
    {
        var crlf = Broken.ReplaceLineEndings("\r\n");

        var result = PyprojectCpuIndexRepair.Repair(crlf, "pyproject.toml", CpuIndexSettings.Default);

        Assert.Equal(Repaired.ReplaceLineEndings("\r\n"), result.Text);
    }

    [Fact]
    public void Malformed_toml_is_one_error_with_file_and_line()
    {
        const string text = "[project]\nname = \"x\"\ndependencies = [\"torch\"\n\n[tool.uv]\n";

        var e = Assert.Throws<PythonInputException>(() => PyprojectCpuIndexRepair.Repair(text, "svc/pyproject.toml", CpuIndexSettings.Default));

        Assert.StartsWith("svc/pyproject.toml:", e.Message);
        Assert.True(e.Line > 0);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Sources_written_as_dotted_keys_in_tool_uv_are_repaired_in_place()
    {
        const string text = """
            [project]
            name = "x"
            dependencies = ["torch", "torchvision"]

            [tool.uv]
            sources.torchvision = { index = "other" }  # the name the CPU index gets
            package = false

            [tool.ruff]
            line-length = 100
            """;

        var result = PyprojectCpuIndexRepair.Repair(text, "pyproject.toml", CpuIndexSettings.Default);

        Assert.Contains("""
            [tool.uv]
            sources.torchvision = { index = "other" }  # the name the CPU index gets
            package = false
            sources.torch = [{ index = "other" }]

            [[tool.uv.index]]
            name = "other"
            url = "https://download.pytorch.org/whl/cpu"
            explicit = true
            """, result.Text);
        Assert.DoesNotContain("[tool.uv.sources]", result.Text);
        Assert.False(PyprojectCpuIndexRepair.Repair(result.Text, "pyproject.toml", CpuIndexSettings.Default).Changed);
    }

    [Fact]
    public void Sources_as_an_inline_table_in_tool_uv_fail_with_file_and_line()
    {
        const string text = "[project]\nname = \"x\"\ndependencies = [\"torch\"]\n\n[tool.uv]\nsources = { torchvision = { index = \"pytorch-cpu\" } }\n";

        var e = Assert.Throws<PythonInputException>(() => PyprojectCpuIndexRepair.Repair(text, "svc/pyproject.toml", CpuIndexSettings.Default));

        Assert.StartsWith("svc/pyproject.toml:6: [tool.uv] sources is an inline table; expected torch = [{ index = \"pytorch-cpu\" }]", e.Message);
    }

    [Fact]
    public void An_inline_cpu_index_that_is_not_explicit_fails_with_file_and_line()
    {
        const string text = """
            [project]
            name = "x"
            dependencies = ["torch"]

            [tool.uv]
            index = [{ name = "pytorch-cpu", url = "https://download.pytorch.org/whl/cpu" }]
            sources.torch = { index = "pytorch-cpu" }
            """;

        var e = Assert.Throws<PythonInputException>(() => PyprojectCpuIndexRepair.Repair(text, "svc/pyproject.toml", CpuIndexSettings.Default));

        Assert.Equal(6, e.Line);
        Assert.Contains("explicit = true", e.Message);
        var fixedByHand = text.Replace("cpu\" }]", "cpu\", explicit = true }]", StringComparison.Ordinal);
        Assert.False(PyprojectCpuIndexRepair.Repair(fixedByHand, "svc/pyproject.toml", CpuIndexSettings.Default).Changed);
    }

    [Theory]
    [InlineData("[tool.uv]\nsources.torch = { index = \"a\" }\n\n[tool.uv.sources]\ntorchvision = { index = \"a\" }\n", 4)]
    [InlineData("[project]\nname = \"x\"\nname = \"y\"\n", 3)]
    public void Duplicate_keys_and_tables_are_invalid_toml_with_the_line(string text, int line)
    {
        var e = Assert.Throws<PythonInputException>(() => PyprojectCpuIndexRepair.Repair(text, "svc/pyproject.toml", CpuIndexSettings.Default));

        Assert.Equal(line, e.Line);
        Assert.StartsWith($"svc/pyproject.toml:{line}: invalid TOML: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}

public class Seed004RecipeTests
{
    private static string Input(string name) => Path.Combine(AppContext.BaseDirectory, "Inputs", "seed-004", name);

    [Fact]
    public async Task Seed_004_recipe_gets_a_declared_explicit_cpu_index_and_loses_extra_index_url_keeping_comments()
    {
        var text = await File.ReadAllTextAsync(Input("pyproject.toml"));

        var result = PyprojectCpuIndexRepair.Repair(text, "pyproject.toml", CpuIndexSettings.Default);

        Assert.Equal(await File.ReadAllTextAsync(Input("pyproject.expected.toml")), result.Text);
        Assert.Contains(result.Changes, c => c.Contains("removed https://download.pytorch.org/whl/cpu from deprecated [tool.uv] extra-index-url", StringComparison.Ordinal));
        Assert.Contains(result.Changes, c => c.Contains("declared [[tool.uv.index]] 'pytorch-cpu'", StringComparison.Ordinal));
        foreach (var comment in text.Split('\n').Where(l => l.Contains('#')).Select(l => l[l.IndexOf('#')..]))
            Assert.Contains(comment, result.Text);
        Assert.False(PyprojectCpuIndexRepair.Repair(result.Text, "pyproject.toml", CpuIndexSettings.Default).Changed);
    }
}

public class MachineLocalIndexRepairTests
{
    [Fact]
    public void A_cpu_index_pointing_at_a_local_mirror_is_pointed_back_at_the_public_url()
    {
        const string text = """
            [project]
            name = "svc"
            dependencies = ["torch"]

            [[tool.uv.index]]
            name = "pytorch-cpu"
            url = "http://127.0.0.1:3141/cpu/simple/"  # written by an older LockCpu
            explicit = true

            [tool.uv.sources]
            torch = [{ index = "pytorch-cpu" }]
            """;

        var result = PyprojectCpuIndexRepair.Repair(text, "pyproject.toml", CpuIndexSettings.Default);

        Assert.DoesNotContain("127.0.0.1", result.Text);
        Assert.Contains("url = \"https://download.pytorch.org/whl/cpu\"  # written by an older LockCpu\n", result.Text);
        Assert.Equal(["pointed index 'pytorch-cpu' at https://download.pytorch.org/whl/cpu"], result.Changes);
        Assert.False(PyprojectCpuIndexRepair.Repair(result.Text, "pyproject.toml", CpuIndexSettings.Default).Changed);
    }
}
