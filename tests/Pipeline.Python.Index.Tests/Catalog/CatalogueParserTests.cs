using Pipeline.Python.Index.Catalog;

namespace Pipeline.Python.Index.Tests.Catalog;

public sealed class CatalogueParserTests
{
    private const string Valid = """
        {
          "name": "tiny",
          "indexes": { "pypi": "PyPI-like", "cpu": "CPU" },
          "packages": [
            { "name": "demo", "version": "1.0", "indexes": ["pypi"], "size": 1000, "size_source": "estimated" },
            { "name": "torch", "version": "2.5.1", "local": "cpu", "indexes": ["cpu"], "size": 5000,
              "size_source": "estimated", "torch_cuda": "cpu", "requires_dist": ["demo>=1"] }
          ]
        }
        """;

    [Fact]
    public void A_valid_catalogue_is_read_with_defaults()
    {
        var catalogue = CatalogueParser.Parse(Valid, "tiny.json");
        Assert.Equal("tiny", catalogue.Name);
        Assert.Equal(2, catalogue.Entries.Count);
        var demo = catalogue.Entries[0];
        Assert.Equal("py3-none-any", demo.Tag);
        Assert.Equal("demo", demo.Module);
        Assert.Equal(5, demo.Line);
        var torch = catalogue.Entries[1];
        Assert.Equal("2.5.1+cpu", torch.FullVersion);
        Assert.Equal(["demo>=1"], torch.RequiresDist);
        Assert.Single(catalogue.EntriesFor("cpu"));
    }

    [Theory]
    [InlineData("\"size\": 1000", "\"size\": -1", "expected 'size' as a positive whole number")]
    [InlineData("\"indexes\": [\"pypi\"]", "\"indexes\": [\"conda\"]", "index 'conda' is not declared")]
    [InlineData("\"version\": \"1.0\"", "\"version\": \"one\"", "not a PEP 440 public version")]
    [InlineData("\"name\": \"demo\"", "\"name\": \"de mo\"", "not a valid distribution name")]
    [InlineData("\"torch_cuda\": \"cpu\"", "\"torch_cuda\": \"gpu\"", "must be a CUDA version like 12.4")]
    public void A_bad_entry_is_reported_with_its_file_and_line(string good, string bad, string expected)
    {
        var text = Valid.Replace(good, bad);
        var error = Assert.Throws<CatalogueException>(() => CatalogueParser.Parse(text, "tiny.json"));
        var line = text.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains(bad)).i + 1;
        var entryLine = text.Split('\n').Take(line).Select((l, i) => (l, i)).Last(x => x.l.TrimStart().StartsWith('{')).i + 1;
        Assert.StartsWith($"tiny.json:{entryLine}: ", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Broken_json_names_the_line_of_the_syntax_error()
    {
        var text = Valid.Replace("\"size\": 1000,", "\"size\": 1000,,");
        var error = Assert.Throws<CatalogueException>(() => CatalogueParser.Parse(text, "tiny.json"));
        Assert.StartsWith("tiny.json:5: invalid JSON", error.Message);
    }

    [Fact]
    public void Duplicate_wheels_on_one_index_are_rejected()
    {
        var text = Valid.Replace("\"local\": \"cpu\", \"indexes\": [\"cpu\"]", "\"indexes\": [\"pypi\"]").Replace("\"name\": \"torch\", \"version\": \"2.5.1\"", "\"name\": \"Demo\", \"version\": \"1.0\"");
        var error = Assert.Throws<CatalogueException>(() => CatalogueParser.Parse(text, "tiny.json"));
        Assert.Contains("duplicate entry Demo 1.0 on index 'pypi'", error.Message);
    }

    [Fact]
    public async Task A_catalogue_file_is_loaded_from_a_user_path()
    {
        using var dir = new Pipeline.Testing.TempDirectory("catalogue");
        var path = dir.Write("mine.json", Valid);
        var catalogue = await Catalogue.LoadFileAsync(path);
        Assert.Equal(path, catalogue.Source);
    }

    [Fact]
    public void An_unknown_embedded_catalogue_lists_the_known_ones()
    {
        var error = Assert.Throws<CatalogueException>(() => Catalogue.LoadEmbedded("nope"));
        Assert.Contains(Catalogue.DefaultName, error.Message);
    }
}
