using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Python.Index.Building;
using Pipeline.Python.Index.Catalog;
using Pipeline.Testing;

namespace Pipeline.Python.Index.Tests.Building;

public sealed class WheelhouseBuilderTests
{
    private static readonly Catalogue Shipped = Catalogue.LoadEmbedded();

    private static Catalogue Tiny(params string[] extraPackages) => CatalogueParser.Parse($$"""
        {
          "name": "tiny",
          "indexes": { "pypi": "", "cpu": "" },
          "packages": [
            { "name": "torch", "version": "2.5.1", "indexes": ["pypi"], "size": 20000000, "size_source": "estimated",
              "torch_cuda": "12.4", "requires_dist": ["filelock"], "requires_python": ">=3.8.0", "tag": "py3-none-manylinux1_x86_64" },
            { "name": "filelock", "version": "3.16.1", "indexes": ["pypi", "cpu"], "size": 16163, "size_source": "estimated" }
            {{string.Concat(extraPackages.Select(p => "," + p))}}
          ]
        }
        """, "tiny.json");

    [Fact]
    public async Task The_same_catalogue_gives_byte_identical_wheels()
    {
        using var a = new TempDirectory("wheels-a");
        using var b = new TempDirectory("wheels-b");
        var first = await WheelhouseBuilder.BuildAsync(Shipped, new WheelhouseOptions { OutputDirectory = a.Path, ScaleFactor = 0.0001 });
        var second = await WheelhouseBuilder.BuildAsync(Shipped, new WheelhouseOptions { OutputDirectory = b.Path, ScaleFactor = 0.0001 });

        Assert.Equal(Shipped.Entries.Sum(e => e.Indexes.Count), first.Rows.Count);
        Assert.Equal(first.Rows.Select(r => (r.Index, r.FileName, r.Sha256)), second.Rows.Select(r => (r.Index, r.FileName, r.Sha256)));
        var onBoth = first.Rows.Where(r => r.FileName.StartsWith("filelock-", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, onBoth.Count);
        Assert.Equal(onBoth[0].Sha256, onBoth[1].Sha256);
    }

    [Fact]
    public async Task A_rebuild_skips_unchanged_wheels_and_rebuilds_changed_ones()
    {
        using var dir = new TempDirectory("wheels");
        var options = new WheelhouseOptions { OutputDirectory = dir.Path, ScaleFactor = 0.001 };
        var first = await WheelhouseBuilder.BuildAsync(Tiny(), options);
        Assert.Equal(3, first.Built);

        var again = await WheelhouseBuilder.BuildAsync(Tiny(), options);
        Assert.Equal(0, again.Built);
        Assert.Equal(3, again.Skipped);

        var torchPath = Path.Combine(dir.Path, "pypi", first.Rows[0].FileName);
        await File.WriteAllTextAsync(torchPath, "damaged");
        var repaired = await WheelhouseBuilder.BuildAsync(Tiny(), options);
        Assert.Equal(1, repaired.Built);
        Assert.Equal(first.Rows[0].Sha256, repaired.Rows[0].Sha256);

        var rescaled = await WheelhouseBuilder.BuildAsync(Tiny(), options with { ScaleFactor = 0.002 });
        Assert.Equal(3, rescaled.Built);
    }

    [Fact]
    public async Task Wheels_the_catalogue_dropped_are_pruned_but_foreign_files_are_kept()
    {
        using var dir = new TempDirectory("wheels");
        var options = new WheelhouseOptions { OutputDirectory = dir.Path, ScaleFactor = 0.001 };
        var extra = """{ "name": "extra", "version": "1.0", "indexes": ["pypi"], "size": 5000, "size_source": "estimated" }""";
        await WheelhouseBuilder.BuildAsync(Tiny(extra), options);
        var foreign = dir.Write("pypi/someone_else-1.0-py3-none-any.whl", "not ours");

        var result = await WheelhouseBuilder.BuildAsync(Tiny(), options);

        Assert.Equal(["pypi/extra-1.0-py3-none-any.whl"], result.Pruned);
        Assert.False(File.Exists(Path.Combine(dir.Path, "pypi", "extra-1.0-py3-none-any.whl")));
        Assert.True(File.Exists(foreign));
    }

    [Fact]
    public async Task A_wheel_has_valid_record_hashes_stand_in_markers_and_the_scaled_size()
    {
        using var dir = new TempDirectory("wheels");
        var result = await WheelhouseBuilder.BuildAsync(Tiny(), new WheelhouseOptions { OutputDirectory = dir.Path, ScaleFactor = 0.01 });
        var row = result.Rows.Single(r => r.FileName == "torch-2.5.1-py3-none-manylinux1_x86_64.whl");
        Assert.InRange(row.Bytes, 200_000 * 0.99, 200_000 * 1.01); // 20 MB × 1/100

        using var zip = ZipFile.OpenRead(Path.Combine(dir.Path, "pypi", row.FileName));
        var record = Read(zip, "torch-2.5.1.dist-info/RECORD");
        var recorded = record.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToList();
        Assert.Equal(zip.Entries.Select(e => e.FullName).Order(), recorded.Select(r => r[0]).Order());
        foreach (var fields in recorded.Where(f => f[1].Length > 0))
        {
            var bytes = ReadBytes(zip, fields[0]);
            var hash = "sha256=" + Convert.ToBase64String(SHA256.HashData(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            Assert.Equal(hash, fields[1]);
            Assert.Equal(bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), fields[2]);
        }

        var metadata = Read(zip, "torch-2.5.1.dist-info/METADATA");
        Assert.Contains("Requires-Dist: filelock\n", metadata);
        Assert.Contains("Requires-Python: >=3.8.0\n", metadata);
        Assert.Contains("STAND-IN built by Pipeline", Read(zip, "torch/__init__.py"));
        Assert.Contains("cuda = \"12.4\"", Read(zip, "torch/version.py"));
        Assert.Contains("Root-Is-Purelib: false", Read(zip, "torch-2.5.1.dist-info/WHEEL"));
    }

    [Fact]
    public async Task The_filler_is_incompressible()
    {
        using var dir = new TempDirectory("wheels");
        var result = await WheelhouseBuilder.BuildAsync(Tiny(), new WheelhouseOptions { OutputDirectory = dir.Path, ScaleFactor = 0.01 });
        var path = Path.Combine(dir.Path, "pypi", result.Rows[0].FileName);
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        await using (var wheel = File.OpenRead(path))
            await wheel.CopyToAsync(gzip);
        Assert.True(compressed.Length > new FileInfo(path).Length * 0.99, "random filler should not compress");
    }

    [Fact]
    public async Task Asking_for_an_unknown_index_or_a_bad_scale_fails_clearly()
    {
        using var dir = new TempDirectory("wheels");
        var unknown = await Assert.ThrowsAsync<ArgumentException>(() =>
            WheelhouseBuilder.BuildAsync(Tiny(), new WheelhouseOptions { OutputDirectory = dir.Path, Indexes = ["conda"] }));
        Assert.Contains("Index 'conda' is not in catalogue tiny", unknown.Message);
        var scale = await Assert.ThrowsAsync<Pipeline.IO.Options.OptionsValidationException>(() =>
            WheelhouseBuilder.BuildAsync(Tiny(), new WheelhouseOptions { OutputDirectory = dir.Path, ScaleFactor = 0 }));
        Assert.Equal("WheelhouseOptions.ScaleFactor 0: expected above 0 and at most 1", scale.Message);
    }

    private static byte[] ReadBytes(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static string Read(ZipArchive zip, string name) => Encoding.UTF8.GetString(ReadBytes(zip, name));
}
