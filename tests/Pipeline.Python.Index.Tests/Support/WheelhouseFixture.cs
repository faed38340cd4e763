using Pipeline.Python.Index.Building;
using Pipeline.Python.Index.Catalog;
using Pipeline.Python.Index.Serving;
using Pipeline.Testing;

namespace Pipeline.Python.Index.Tests.Support;

/// <summary>
/// A shipped catalogue (default: the torch one) built at 1/10000 scale (about 0.4 MB, well under a second) once per
/// test class, so classes run in parallel; each test starts its own server on it so access logs do not mix.
/// </summary>
public class WheelhouseFixture : IAsyncLifetime
{
    public const double Scale = 0.0001;

    private readonly TempDirectory _directory;

    public WheelhouseFixture() : this(Catalogue.DefaultName)
    {
    }

    protected WheelhouseFixture(string catalogue)
    {
        Catalogue = Catalogue.LoadEmbedded(catalogue);
        _directory = new TempDirectory($"pipeline-wheelhouse-{catalogue}");
    }

    public Catalogue Catalogue { get; }

    public WheelhouseResult Result { get; private set; } = null!;

    public string Root => _directory.Path;

    public async Task InitializeAsync() =>
        Result = await WheelhouseBuilder.BuildAsync(Catalogue, new WheelhouseOptions { OutputDirectory = _directory.Path, ScaleFactor = Scale });

    public Task<PackageIndexServer> StartServerAsync(Func<PackageIndexOptions, PackageIndexOptions>? configure = null)
    {
        var options = new PackageIndexOptions { Indexes = Result.IndexDirectories };
        return PackageIndexServer.StartAsync(configure is null ? options : configure(options));
    }

    public WheelhouseRow Row(string index, string fileNamePrefix) =>
        Result.Rows.Single(r => r.Index == index && r.FileName.StartsWith(fileNamePrefix, StringComparison.Ordinal));

    public Task DisposeAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
