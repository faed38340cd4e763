using System.Text.RegularExpressions;
using Pipeline.Python.Index.Catalog;
using Pipeline.Testing;

namespace Pipeline.Python.Index.Tests.Catalog;

/// <summary>The torch 2.5.1 catalogue has the real dependency shape and the real sizes from the fixture locks.</summary>
public sealed class ShippedCatalogueTests
{
    private readonly Catalogue _catalogue = Catalogue.LoadEmbedded();

    [FixtureFact]
    public void Sizes_taken_from_a_lock_match_the_real_wheels_in_that_lock()
    {
        var fromLocks = _catalogue.Entries.Where(e => !e.SizeIsEstimated).ToList();
        Assert.True(fromLocks.Count >= 40, $"most sizes should come from the locks, got {fromLocks.Count}");
        foreach (var entry in fromLocks)
        {
            var lockText = File.ReadAllText(RepoPaths.Fixture("locks", entry.SizeSource));
            var wheel = $"/{Regex.Escape(entry.Name.Replace('-', '_'))}-{Regex.Escape(entry.Version)}-[^\"]*\\.whl\", hash = \"[^\"]+\", size = {entry.Size},";
            Assert.True(Regex.IsMatch(lockText, wheel, RegexOptions.IgnoreCase), $"{entry.Name} {entry.Version}: no wheel of {entry.Size} bytes in {entry.SizeSource}");
        }
    }

    [Fact]
    public void The_cuda_torch_on_pypi_requires_every_nvidia_cu12_package_and_triton_for_linux_x86_64()
    {
        var torch = _catalogue.EntriesFor("pypi").Single(e => e.Name == "torch");
        Assert.Null(torch.Local);
        Assert.Equal("12.4", torch.TorchCuda);
        var cuda = torch.RequiresDist.Where(r => r.StartsWith("nvidia-", StringComparison.Ordinal) || r.StartsWith("triton", StringComparison.Ordinal)).ToList();
        Assert.Equal(13, cuda.Count);
        Assert.All(cuda, r => Assert.Contains("platform_machine == \"x86_64\"", r));
        Assert.All(cuda.Select(r => r.Split("==")[0]), name => Assert.Contains(_catalogue.EntriesFor("pypi"), e => e.Name == name));
    }

    [Fact]
    public void Cpu_builds_live_only_on_the_cpu_index_and_need_no_cuda()
    {
        var cpuBuilds = _catalogue.Entries.Where(e => e.Local == "cpu").Select(e => e.Name).Order().ToList();
        Assert.Equal(["torch", "torchaudio", "torchvision"], cpuBuilds);
        Assert.All(_catalogue.Entries.Where(e => e.Local == "cpu"), e =>
        {
            Assert.Equal(["cpu"], e.Indexes);
            Assert.DoesNotContain(e.RequiresDist, r => r.StartsWith("nvidia-", StringComparison.Ordinal) || r.StartsWith("triton", StringComparison.Ordinal));
        });
        Assert.Equal("cpu", _catalogue.EntriesFor("cpu").Single(e => e.Name == "torch").TorchCuda);
    }

    [Fact]
    public void Every_requirement_of_every_index_can_be_resolved_on_that_index()
    {
        foreach (var index in _catalogue.Indexes.Keys)
        {
            var names = _catalogue.EntriesFor(index).Select(e => Pipeline.Packaging.ProjectName.Normalize(e.Name)).ToHashSet();
            foreach (var entry in _catalogue.EntriesFor(index))
            {
                foreach (var requirement in entry.RequiresDist)
                {
                    var name = Pipeline.Packaging.ProjectName.Normalize(Regex.Match(requirement, "^[A-Za-z0-9._-]+").Value);
                    Assert.True(names.Contains(name), $"{entry.Name} on '{index}' requires {name}, which '{index}' does not serve");
                }
            }
        }
    }

    [Fact]
    public void The_example_ai_stack_is_covered()
    {
        string[] stack = ["sentence-transformers", "transformers", "numpy", "tokenizers", "huggingface-hub", "safetensors",
            "tqdm", "filelock", "pyyaml", "requests", "fastapi", "uvicorn", "pydantic", "httpx", "torchvision", "torchaudio"];
        Assert.All(stack, name => Assert.Contains(_catalogue.EntriesFor("pypi"), e => e.Name == name));
    }
}
