using Pipeline.Containers.Context;
using Pipeline.Containers.Engine;
using Docker.DotNet;
using Docker.DotNet.Models;
using Pipeline.BaseImages.Engine;
using Pipeline.BaseImages.Planning;
using Pipeline.BaseImages.Tests.Support;

namespace Pipeline.BaseImages.Tests.Integration;

/// <summary>
/// The registry path of BaseImage against a real registry (Debian's docker-registry on 127.0.0.1) and a podman
/// service configured to trust it. debootstrap is a fake that fails: a pull that works never reaches it, a
/// pull that cannot be used falls back to it (and the test sees its failure).
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class RegistryPullTests(SharedBaseImageFixture fixture) : IAsyncLifetime
{
    private LocalRegistry _registry = null!;
    private PodmanService _engine = null!;
    private EngineSession _session = null!;
    private readonly TempDirectory _work = new("base-image-pull");
    private readonly List<string> _images = [];

    public async Task InitializeAsync()
    {
        _registry = await LocalRegistry.StartAsync();
        _engine = await PodmanService.StartOwnAsync(_registry.RegistriesConf);
        _session = await _engine.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var image in _images)
        {
            try { await _session.Client.Images.DeleteImageAsync(image, new ImageDeleteParameters { Force = true }); }
            catch (DockerImageNotFoundException) { }
        }
        await _session.DisposeAsync();
        await _engine.DisposeAsync();
        await _registry.DisposeAsync();
        _work.Dispose();
    }

    private PythonBaseImageOptions Options(string registryImage) => fixture.Options with
    {
        Tag = Track($"localhost/pipeline-test/python-pulled:{Guid.NewGuid():N}"[..62]),
        WorkDirectory = _work.Path,
        RegistryImage = registryImage,
        TryRegistryFirst = true,
        RegistryTimeout = TimeSpan.FromSeconds(60),
        DebootstrapPath = FakeDebootstrap.Failing(_work),
    };

    private string Track(string image)
    {
        _images.Add(image);
        return image;
    }

    private async Task<string> PushAsync(string path, params string[] env) => Track(await _registry.PushAsync(_engine, path, env));

    [Fact]
    public async Task A_registry_image_is_pulled_labelled_tagged_with_its_Python_and_then_reused()
    {
        var registryImage = await PushAsync("library/python:3.11-slim", "PYTHON_VERSION=3.11.9", "LANG=C.UTF-8");
        var options = Options(registryImage);
        var builder = new PythonBaseImageBuilder(_session, new CollectingLogger().Logger);

        var pulled = await builder.EnsureAsync(options, CancellationToken.None);

        Assert.Equal(BaseImageSource.Pulled, pulled.Source);
        Assert.Equal("3.11.9", pulled.PythonVersion);
        var image = await _session.Client.Images.InspectImageAsync(options.Tag);
        Assert.Equal(BaseImageRecipe.ForRegistry(registryImage).Hash, EngineImages.Label(image, BaseImageRecipe.LabelName));
        Assert.Contains("LANG=C.UTF-8", image.Config?.Env ?? []);
        var versionTag = Track(ImageReference.Parse(options.Tag).WithTag("3.11.9").ToString());
        Assert.Equal(image.ID, (await _session.Client.Images.InspectImageAsync(versionTag)).ID);

        var again = await builder.EnsureAsync(options, CancellationToken.None);
        Assert.Equal(BaseImageSource.AlreadyPresent, again.Source);
        Assert.Equal(pulled.ImageId, again.ImageId);
    }

    [Fact]
    public async Task A_registry_image_without_PYTHON_VERSION_is_not_used_and_the_builder_bootstraps()
    {
        var registryImage = await PushAsync("library/python:no-version", "LANG=C.UTF-8");
        var log = new CollectingLogger();

        var e = await Assert.ThrowsAsync<BaseImageException>(() =>
            new PythonBaseImageBuilder(_session, log.Logger).EnsureAsync(Options(registryImage), CancellationToken.None));

        Assert.Contains(FakeDebootstrap.Marker, e.Message);
        Assert.Contains(log.Lines, l => l.Contains("has no PYTHON_VERSION", StringComparison.Ordinal) && l.Contains("bootstrapping", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_registry_that_does_not_have_the_image_makes_the_builder_bootstrap()
    {
        var log = new CollectingLogger();

        var e = await Assert.ThrowsAsync<BaseImageException>(() =>
            new PythonBaseImageBuilder(_session, log.Logger).EnsureAsync(Options($"{_registry.Host}/library/python:3.99-slim"), CancellationToken.None));

        Assert.Contains(FakeDebootstrap.Marker, e.Message);
        Assert.Contains(log.Lines, l => l.Contains("python:3.99-slim unavailable", StringComparison.Ordinal));
    }
}
