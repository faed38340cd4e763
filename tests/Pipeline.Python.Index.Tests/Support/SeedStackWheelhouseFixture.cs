using Pipeline.Python.Index.Building;
using Pipeline.Python.Index.Catalog;
using Pipeline.Python.Index.Serving;
using Pipeline.Testing;

namespace Pipeline.Python.Index.Tests.Support;

/// <summary>
/// The seed-stack catalogue built at 1/10000 scale once per test class (about 1 MB: the CUDA torch and its nvidia
/// wheels weigh most); each test starts its own server on it.
/// </summary>
public sealed class SeedStackWheelhouseFixture : IAsyncLifetime
{
    public const double Scale = 0.0001;

    private readonly TempDirectory _directory = new("pipeline-seed-wheelhouse");

    public Catalogue Catalogue { get; } = Catalogue.LoadEmbedded("seed-stack-linux-x86_64");

    public WheelhouseResult Result { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Result = await WheelhouseBuilder.BuildAsync(Catalogue, new WheelhouseOptions { OutputDirectory = _directory.Path, ScaleFactor = Scale });

    public Task<PackageIndexServer> StartServerAsync() =>
        PackageIndexServer.StartAsync(new PackageIndexOptions { Indexes = Result.IndexDirectories });

    public Task DisposeAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
