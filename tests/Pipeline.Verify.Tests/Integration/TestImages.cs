using Pipeline.Containers.Engine;
using Docker.DotNet;
using Pipeline.Testing;
using Pipeline.Verify.Engine;

namespace Pipeline.Verify.Tests.Integration;

/// <summary>
/// Test images built once per test run through the API, on top of the busybox test image: a "clean"
/// one (CPU torch dist-info, nvidia-ml-py, pip settings, USER 1000, /app/main.py) and a "cuda" one
/// (a stand-in nvidia-cublas-cu12 distribution, torch without +cpu, runs as root, entrypoint /bin/false).
/// </summary>
public sealed class TestImages : IAsyncLifetime
{
    public const string Clean = "localhost/pipeline-verify-test-clean:latest";
    public const string Cuda = "localhost/pipeline-verify-test-cuda:latest";
    private const string SitePackages = "/usr/local/lib/python3.12/site-packages";

    public PodmanService Podman { get; private set; } = null!;

    public EngineSession Engine { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Podman = await PodmanService.GetAsync();
        var busybox = await Podman.EnsureBusyboxImageAsync();
        Engine = await Podman.ConnectAsync();
        await BuildAsync(Clean, $"""
            FROM {busybox}
            COPY site-packages {SitePackages}
            COPY main.py /app/main.py
            ENV PIP_DEFAULT_TIMEOUT=60 PIP_RETRIES=10
            LABEL org.opencontainers.image.version=1.2.3
            USER 1000
            """, new()
        {
            ["site-packages/requests-2.32.3.dist-info/METADATA"] = Metadata("requests", "2.32.3"),
            ["site-packages/nvidia_ml_py-12.560.30.dist-info/METADATA"] = Metadata("nvidia-ml-py", "12.560.30"),
            ["site-packages/torch-2.5.1+cpu.dist-info/METADATA"] = Metadata("torch", "2.5.1+cpu"),
            ["main.py"] = "print('app')\n"u8.ToArray(),
        });
        await BuildAsync(Cuda, $"""
            FROM {busybox}
            COPY site-packages {SitePackages}
            ENTRYPOINT ["/bin/false"]
            """, new()
        {
            ["site-packages/nvidia_cublas_cu12-12.4.5.8.dist-info/METADATA"] = Metadata("nvidia-cublas-cu12", "12.4.5.8"),
            ["site-packages/torch-2.5.1.dist-info/METADATA"] = Metadata("torch", "2.5.1"),
            ["site-packages/numpy-2.1.3.dist-info/METADATA"] = Metadata("numpy", "2.1.3"),
        });
    }

    public async Task DisposeAsync() => await Engine.DisposeAsync();

    /// <summary>Containers (any state) carrying a verification run's label.</summary>
    public async Task<int> CountRunContainersAsync(string runId) =>
        // The same listing, with the same bounded retry for podman 4.3's "not known" race, as Verify's own sweep.
        (await ProbeLeftovers.ListAsync(Engine, runId, CancellationToken.None)).Count;

    private static byte[] Metadata(string name, string version) =>
        System.Text.Encoding.UTF8.GetBytes($"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: stand-in for tests\n\nA description mentioning\nName: not-this-one\n");

    private async Task BuildAsync(string tag, string dockerfile, Dictionary<string, byte[]> files)
    {
        files["Dockerfile"] = System.Text.Encoding.UTF8.GetBytes(dockerfile + "\n");
        await TestImageBuild.BuildAsync(Engine.Client, tag, files);
    }
}

[CollectionDefinition(Name)]
public sealed class TestImagesCollection : ICollectionFixture<TestImages>
{
    public const string Name = "verify test images";
}
