using Pipeline.Python.Index.Mirroring;
using Pipeline.Python.Index.Proxy;
using Pipeline.Python.Index.Serving;

namespace Pipeline.Stack.LocalIndex;

/// <summary>
/// The package index builds and locks use: a caching proxy (<see cref="PackageProxy"/>) on 127.0.0.1 in front of
/// either the configured upstreams (<c>--index-url</c>, <c>--cpu-index-url</c>) or, with neither, the stand-in
/// wheelhouse served in-process (<see cref="LocalMirror"/>). Same proxy either way: builds get its routed index
/// (torch, torchvision, torchaudio only from the CPU upstream), so a plain <c>pip install</c> can only get CPU torch.
/// </summary>
public sealed class LocalPackageIndex : IAsyncDisposable
{
    private LocalPackageIndex(PackageProxy proxy, LocalMirror? mirror)
    {
        Proxy = proxy;
        Mirror = mirror;
    }

    /// <summary>Name of the stand-in mirror's PyPI-like index.</summary>
    public const string MainIndex = "pypi";

    /// <summary>Name of the stand-in mirror's PyTorch-CPU-like index.</summary>
    public const string CpuIndex = "cpu";

    /// <summary>The running proxy.</summary>
    public PackageProxy Proxy { get; }

    /// <summary>The stand-in upstream, when no upstream URL was configured; null otherwise.</summary>
    public LocalMirror? Mirror { get; }

    /// <summary>The routed index: what pip in builds and LockCpu resolve against.</summary>
    public Uri RoutedIndexUrl => Proxy.RoutedIndexUrl;

    /// <summary>The CPU upstream through the proxy.</summary>
    public Uri CpuIndexUrl => Proxy.CpuIndexUrl ?? Proxy.RoutedIndexUrl;

    /// <summary>
    /// <c>PIP_INDEX_URL</c> (the routed index), <c>PIP_TRUSTED_HOST</c> and <c>PIP_TORCH_INDEX_URL</c> (the proxy's
    /// CPU view, for the CPU torch install ConfigurePip adds).
    /// </summary>
    public IReadOnlyDictionary<string, string> BuildArgs => IndexBuildArgs.For(RoutedIndexUrl.ToString(), CpuIndexUrl.ToString());

    /// <summary>Proxy figures (and the stand-in wheelhouse's, when it is the upstream) for the build summary.</summary>
    public IReadOnlyDictionary<string, string> Notes
    {
        get
        {
            var notes = new Dictionary<string, string>(Proxy.Notes);
            if (Mirror is not null)
            {
                notes["Upstream"] = $"stand-in index {Mirror.Server.BaseUrl} ({Mirror.Wheelhouse.Built} wheels built, {Mirror.Wheelhouse.Skipped} reused)";
                notes["Upstream faults"] = Mirror.Server.Options.Faults.Describe();
            }
            return notes;
        }
    }

    /// <summary>
    /// Starts the stand-in upstream when <paramref name="mainUpstream"/> is null (built from <paramref name="mirror"/>),
    /// then the proxy in front of it with <paramref name="proxy"/>'s settings.
    /// </summary>
    /// <param name="proxy">Proxy settings; its upstream URLs are replaced by the stand-in's when there is no upstream.</param>
    /// <param name="mainUpstream">The configured main upstream, or null for the stand-in index.</param>
    /// <param name="mirror">How to build and serve the stand-in index (its port is ignored: it gets a free one).</param>
    /// <param name="ct">Cancellation.</param>
    public static async Task<LocalPackageIndex> StartAsync(PackageProxyOptions proxy, Uri? mainUpstream, MirrorOptions mirror, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        LocalMirror? standIn = null;
        if (mainUpstream is null)
        {
            // The stand-in gets a free port each run: its pages are named by what it serves, not by its URL, so
            // later runs (offline ones too) find them.
            var scale = mirror.ScaleFactor.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            proxy = proxy with { PageNamespace = $"stand-in:{mirror.CataloguePath ?? "embedded"}:{scale}" };
            if (proxy.Offline)
            {
                proxy = proxy with { MainIndexUrl = new Uri("http://stand-in.invalid/pypi/simple/"), CpuIndexUrl = new Uri("http://stand-in.invalid/cpu/simple/") };
            }
            else
            {
                standIn = await LocalMirror.StartAsync(mirror with { Port = 0 }, ct).ConfigureAwait(false);
                proxy = proxy with { MainIndexUrl = standIn.Server.IndexUrl(MainIndex), CpuIndexUrl = standIn.Server.IndexUrl(CpuIndex) };
            }
        }
        try
        {
            return new LocalPackageIndex(await PackageProxy.StartAsync(proxy, ct).ConfigureAwait(false), standIn);
        }
        catch
        {
            if (standIn is not null) await standIn.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync().ConfigureAwait(false);
        if (Mirror is not null) await Mirror.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>Build arguments that point the pip of a ConfigurePip'd Dockerfile at a main and a CPU torch index.</summary>
public static class IndexBuildArgs
{
    /// <summary>The three build arguments for <paramref name="mainIndex"/> and <paramref name="cpuIndex"/>.</summary>
    public static IReadOnlyDictionary<string, string> For(string mainIndex, string cpuIndex) => new Dictionary<string, string>
    {
        ["PIP_INDEX_URL"] = mainIndex,
        ["PIP_TRUSTED_HOST"] = new Uri(mainIndex).Host,
        ["PIP_TORCH_INDEX_URL"] = cpuIndex,
    };
}
