using Pipeline.Python.Index.Serving;
using Pipeline.Python.Pip;
using Pipeline.Testing;

namespace Pipeline.Python.Tests.Pip;

/// <summary>Resolution with real pip against a real index server on 127.0.0.1 that serves PEP 658 metadata files.</summary>
public class PipResolverMetadataTests
{
    [Fact]
    public async Task Resolving_reads_metadata_files_and_downloads_no_wheel()
    {
        using var temp = new TempDirectory("pip-metadata");
        var app = TestWheels.Build(temp.Combine("pypi"), "app", "1.0", "beta>=2");
        var beta = TestWheels.Build(temp.Combine("pypi"), "beta", "2.0");
        await using var index = await PackageIndexServer.StartAsync(new PackageIndexOptions
        {
            Indexes = new Dictionary<string, string> { ["pypi"] = temp.Combine("pypi") },
            ServeCoreMetadata = true,
        });

        var packages = await new PipResolver("python3").ResolveAsync(
            new PipResolveRequest(["app==1.0"], index.IndexUrl("pypi").ToString(), [], []) { Target = TargetPlatform.LinuxX86_64() },
            CancellationToken.None);

        await index.DisposeAsync(); // its access log is complete once it stopped
        Assert.Equal(["app 1.0", "beta 2.0"], packages.Select(p => $"{p.Name} {p.Version}").Order(StringComparer.Ordinal));
        // The lock still gets each wheel's URL and sha256, from the index page.
        Assert.Equal(TestWheels.Sha256(app), packages.Single(p => p.Name == "app").Sha256);
        Assert.Equal(TestWheels.Sha256(beta), packages.Single(p => p.Name == "beta").Sha256);
        Assert.EndsWith(Path.GetFileName(beta), packages.Single(p => p.Name == "beta").Url);
        var files = index.AccessLog.Entries.Where(e => e.Path.Contains(".whl", StringComparison.Ordinal)).Select(e => e.Path).ToList();
        Assert.Equal(2, files.Count(p => p.EndsWith(".whl.metadata", StringComparison.Ordinal)));
        Assert.DoesNotContain(files, p => p.EndsWith(".whl", StringComparison.Ordinal));
    }
}
