using Pipeline.Containers.Engine;
using Pipeline.BaseImages.Engine;
using Pipeline.BaseImages.Host;
using Pipeline.BaseImages.Planning;
using Pipeline.BaseImages.Tests.Support;

namespace Pipeline.BaseImages.Tests.Integration;

[Collection(EngineCollection.Name)]
public sealed class PythonBaseImageBuilderTests(SharedBaseImageFixture fixture)
{
    [Fact]
    public async Task Ensure_makes_the_default_tag_with_the_python_version()
    {
        Assert.Equal(PythonBaseImageOptions.DefaultTag, fixture.First.Tag);
        Assert.Matches(@"^3\.11\.\d+$", fixture.First.PythonVersion);
        Assert.True(fixture.First.SizeBytes > 50_000_000, $"size {fixture.First.SizeBytes}");
        var byVersion = await fixture.Engine.Images.InspectAsync($"localhost/pipeline/python:{fixture.First.PythonVersion}", CancellationToken.None);
        Assert.Equal(fixture.First.ImageId, byVersion?.ID);
    }

    [Fact]
    public async Task Image_runs_python_and_pip()
    {
        var (exit, stdout, stderr) = await ContainerRun.RunAsync(fixture.Engine.Client, fixture.First.Tag,
            ["sh", "-c", "python3 -c 'import sys; print(sys.version)' && pip --version && python --version"]);
        Assert.True(exit == 0, $"exit {exit}: {stdout} {stderr}");
        Assert.StartsWith(fixture.First.PythonVersion, stdout);
        Assert.Contains("pip ", stdout);
        Assert.Contains($"Python {fixture.First.PythonVersion}", stdout + stderr);
    }

    [Fact]
    public async Task Pip_install_is_not_blocked_by_the_externally_managed_marker()
    {
        // pip checks the marker before resolving: without network, a blocked install says "externally-managed-environment".
        var (_, stdout, stderr) = await ContainerRun.RunAsync(fixture.Engine.Client, fixture.First.Tag,
            ["pip", "install", "--no-index", "does-not-exist-pkg"]);
        Assert.DoesNotContain("externally-managed", stdout + stderr);
        Assert.Contains("does-not-exist-pkg", stdout + stderr);
    }

    [Fact]
    public async Task Image_has_config_and_recipe_label()
    {
        var image = await fixture.Engine.Images.InspectAsync(fixture.First.Tag, CancellationToken.None);
        Assert.NotNull(image);
        var mirror = await AptMirrorDetector.DetectAsync(fixture.Options.Suite, CancellationToken.None);
        var recipe = BaseImageRecipe.ForBootstrap(fixture.Options.Suite, mirror, fixture.Options.ExtraPackages);
        Assert.Equal(recipe.Hash, EngineImages.Label(image, BaseImageRecipe.LabelName));
        Assert.Equal(fixture.First.PythonVersion, EngineImages.Label(image, "org.opencontainers.image.version"));
        var env = image.Config?.Env ?? [];
        Assert.Contains("LANG=C.UTF-8", env);
        Assert.Contains($"PYTHON_VERSION={fixture.First.PythonVersion}", env);
        Assert.Equal(["python3"], image.Config?.Cmd ?? []);
    }

    [Fact]
    public async Task Second_ensure_reuses_the_image()
    {
        var log = new CollectingLogger();
        var second = await new PythonBaseImageBuilder(fixture.Engine, log.Logger).EnsureAsync(fixture.Options, CancellationToken.None);
        Assert.Equal(BaseImageSource.AlreadyPresent, second.Source);
        Assert.DoesNotContain(log.Lines, l => l.Contains("debootstrap", StringComparison.Ordinal));
        Assert.Contains(second.Notes, n => n.Key == "Source" && n.Value == "AlreadyPresent");
        Assert.Equal(fixture.First.ImageId, second.ImageId);
        Assert.Equal(fixture.First.PythonVersion, second.PythonVersion);
        Assert.False(Directory.Exists(Path.Combine(fixture.Options.WorkDirectory, "rootfs")), "no root filesystem should be built");
    }
}
