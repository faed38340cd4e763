using Pipeline.Containers.Engine;
using Pipeline.BaseImages.Tests.Support;

namespace Pipeline.BaseImages.Tests.Integration;

/// <summary>
/// Ensures the DEFAULT base image once per test run (bootstrapping it on a fresh machine, reusing it
/// afterwards), with the same work directory other test projects use, so their lock files agree.
/// </summary>
public sealed class SharedBaseImageFixture : IAsyncLifetime
{
    public PodmanService Podman { get; private set; } = null!;
    public EngineSession Engine { get; private set; } = null!;
    public BaseImageResult First { get; private set; } = null!;
    public CollectingLogger Log { get; } = new();
    public PythonBaseImageOptions Options { get; } = new()
    {
        WorkDirectory = PythonBaseImageOptions.DefaultWorkDirectory(RepoPaths.Root),
        // The tests assert the bootstrap recipe (hash, debootstrapped Python): a registry that answers would give a
        // pulled image with the registry recipe instead. Pulling has its own tests (RegistryPullTests).
        TryRegistryFirst = false,
    };

    public async Task InitializeAsync()
    {
        Podman = await PodmanService.GetAsync();
        Engine = await Podman.ConnectAsync();
        First = await new PythonBaseImageBuilder(Engine, Log.Logger).EnsureAsync(Options, CancellationToken.None);
    }

    public async Task DisposeAsync() => await Engine.DisposeAsync();
}
