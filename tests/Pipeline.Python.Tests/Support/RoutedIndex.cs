using Pipeline.Python.Index.Building;
using Pipeline.Python.Index.Catalog;
using Pipeline.Python.Index.Serving;
using Pipeline.Testing;

namespace Pipeline.Python.Tests.Support;

/// <summary>
/// The shipped stand-in catalogue (torch 2.5.1: the CUDA build, 14 nvidia wheels and triton on <c>/pypi</c>,
/// <c>+cpu</c> builds on <c>/cpu</c>) served by the real index server with PEP 658 metadata, plus
/// <c>/routed</c>: what the package proxy serves, built from the same wheels: torch, torchvision and torchaudio
/// only from <c>/cpu</c>, everything else from <c>/pypi</c>. Until the proxy exists this is its honest stand-in.
/// </summary>
public sealed class RoutedIndex : IAsyncLifetime
{
    private static readonly string[] TorchFamily = ["torch", "torchvision", "torchaudio"];
    private readonly TempDirectory _directory = new("pipeline-routed-index");

    public PackageIndexServer Server { get; private set; } = null!;

    public string Routed => Server.IndexUrl("routed").ToString();
    public string Main => Server.IndexUrl("pypi").ToString();
    public string Cpu => Server.IndexUrl("cpu").ToString();

    public async Task InitializeAsync()
    {
        var wheelhouse = await WheelhouseBuilder.BuildAsync(Catalogue.LoadEmbedded(),
            new WheelhouseOptions { OutputDirectory = _directory.Combine("wheelhouse"), ScaleFactor = 0.0001 });
        var routed = Directory.CreateDirectory(_directory.Combine("routed")).FullName;
        foreach (var row in wheelhouse.Rows)
        {
            var torch = TorchFamily.Any(t => row.FileName.StartsWith(t + "-", StringComparison.Ordinal));
            if (row.Index == (torch ? "cpu" : "pypi"))
                File.Copy(Path.Combine(wheelhouse.IndexDirectories[row.Index], row.FileName), Path.Combine(routed, row.FileName), overwrite: true);
        }
        var indexes = new Dictionary<string, string>(wheelhouse.IndexDirectories) { ["routed"] = routed };
        Server = await PackageIndexServer.StartAsync(new PackageIndexOptions { Indexes = indexes, ServeCoreMetadata = true });
    }

    /// <summary>
    /// Request paths since the <paramref name="start"/>-th request that touch CUDA payload: nvidia-*, triton, or
    /// a torch-family file that is not +cpu (wheels and their .metadata).
    /// </summary>
    public IReadOnlyList<string> CudaRequests(int start) => Server.AccessLog.Entries.Skip(start).Select(e => Uri.UnescapeDataString(e.Path))
        .Where(p => p.Contains("/nvidia", StringComparison.OrdinalIgnoreCase) || p.Contains("triton", StringComparison.OrdinalIgnoreCase)
                    || (p.EndsWith(".whl", StringComparison.Ordinal) || p.EndsWith(".metadata", StringComparison.Ordinal))
                    && TorchFamily.Any(t => p.Contains($"/{t}-", StringComparison.Ordinal)) && !p.Contains("+cpu", StringComparison.Ordinal))
        .ToList();

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _directory.Dispose();
    }
}
