using System.Diagnostics;
using Docker.DotNet.Models;
using Pipeline.BaseImages.Engine;
using Pipeline.BaseImages.Host;
using Pipeline.BaseImages.Planning;
using Pipeline.BaseImages.Rootfs;
using Pipeline.Containers.Context;
using Pipeline.Containers.Engine;
using Pipeline.IO.Options;
using Serilog;

namespace Pipeline.BaseImages;

/// <summary>
/// The <c>BaseImage</c> target's facade: makes sure the shared Python base image exists and is up to
/// date. Reuses it when an image with the same tag and recipe label exists; otherwise pulls
/// <see cref="PythonBaseImageOptions.RegistryImage"/> when a registry answers, or bootstraps Debian
/// with debootstrap, slims it and imports it through the engine API.
/// </summary>
public sealed class PythonBaseImageBuilder
{
    private readonly EngineSession _engine;
    private readonly EngineImages _images;
    private readonly ILogger _log;

    /// <summary>Creates a builder that works through <paramref name="engine"/> (podman or dockerd; the caller owns it) and logs to <paramref name="log"/> (default <see cref="Log.Logger"/>).</summary>
    public PythonBaseImageBuilder(EngineSession engine, ILogger? log = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        _images = engine.Images;
        _log = (log ?? Log.Logger).ForContext<PythonBaseImageBuilder>();
    }

    /// <summary>
    /// Returns the up-to-date image, making it first if needed. Concurrent callers (other processes
    /// with the same work directory) wait on a lock file, and then find the image made by the first.
    /// </summary>
    /// <exception cref="BaseImageException">Invalid options, or the image could not be made (one-line message).</exception>
    /// <exception cref="EngineUnavailableException">The engine does not answer.</exception>
    public async Task<BaseImageResult> EnsureAsync(PythonBaseImageOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (OptionsValidator.Problems(options) is { Count: > 0 } problems)
            throw new BaseImageException($"Invalid base image options: {new OptionsValidationException(problems).Message}");
        await _engine.EnsureAnswersAsync(ct);
        var clock = Stopwatch.StartNew();
        var target = Tagged(options.Tag);
        var mirror = options.Mirror ?? await AptMirrorDetector.DetectAsync(options.Suite, ct);
        var recipes = new Recipes(
            BaseImageRecipe.ForBootstrap(options.Suite, mirror, options.ExtraPackages),
            options.TryRegistryFirst ? BaseImageRecipe.ForRegistry(options.RegistryImage) : null);

        if (!options.Force && await FindUpToDateAsync(target, recipes, clock, ct) is { } present) return present;

        await using var workLock = await WorkDirectoryLock.AcquireAsync(options.WorkDirectory, options.LockTimeout, options.LockRetryInterval, _log, ct);
        // Another process may have made the image while we waited for the lock.
        if (!options.Force && await FindUpToDateAsync(target, recipes, clock, ct) is { } madeMeanwhile) return madeMeanwhile;

        var previous = await _images.InspectAsync(target.ToString(), ct);
        var result = (recipes.Registry is not null ? await TryPullAsync(options, target, recipes.Registry, clock, ct) : null)
            ?? (options.BootstrapRefusal is { } refusal
                ? throw new BaseImageException(refusal)
                : await BootstrapAsync(options, target, recipes.Bootstrap, clock, ct));
        if (previous is not null && previous.ID != result.ImageId) await _images.RemoveIfUnusedAsync(previous.ID, ct);
        _log.Information("Base image: {Tag:l} ready ({Source}, Python {Version:l}, {Size:0} MiB) in {Elapsed:0.0} s",
            result.Tag, result.Source, result.PythonVersion, result.SizeBytes / 1048576.0, result.Elapsed.TotalSeconds);
        return result;
    }

    /// <summary>The file in the work directory that keeps debootstrap's log of a failed bootstrap (the root filesystem is removed).</summary>
    public const string FailedBootstrapLog = "debootstrap-failed.log";

    private sealed record Recipes(BaseImageRecipe Bootstrap, BaseImageRecipe? Registry);

    private async Task<BaseImageResult?> FindUpToDateAsync(ImageReference target, Recipes recipes, Stopwatch clock, CancellationToken ct)
    {
        var image = await _images.InspectAsync(target.ToString(), ct);
        if (image is null) return null;
        var label = EngineImages.Label(image, BaseImageRecipe.LabelName);
        if (label is null || (label != recipes.Bootstrap.Hash && label != recipes.Registry?.Hash))
        {
            _log.Information("Base image: {Tag:l} exists but its recipe changed ({Old:l} → {New:l}): rebuilding",
                target, label ?? "no label", recipes.Bootstrap.Hash[..12]);
            return null;
        }
        _log.Information("Base image: {Tag:l} is up to date (recipe {Recipe:l})", target, label[..12]);
        return ToResult(target, image, BaseImageSource.AlreadyPresent, clock);
    }

    private async Task<BaseImageResult?> TryPullAsync(PythonBaseImageOptions options, ImageReference target, BaseImageRecipe recipe, Stopwatch clock, CancellationToken ct)
    {
        var registryImage = Tagged(options.RegistryImage);
        var phase = Stopwatch.StartNew();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.RegistryTimeout);
            await _images.PullAsync(registryImage, timeout.Token);
            var pulled = await _images.GetAsync(registryImage.ToString(), ct);
            var version = PythonVersionParser.FromEnvironment(pulled.Config?.Env)
                ?? throw new BaseImageException($"{registryImage} has no PYTHON_VERSION in its environment");
            await _images.BuildAsync(ImageConfigPlan.Dockerfile(pulled.ID, ImageConfigPlan.ForRegistry(recipe, version, DateTimeOffset.UtcNow)), target, ct);
            _log.Information("Base image: pulled {Image:l} and labelled it {Tag:l} in {Elapsed:0.0} s", registryImage, target, phase.Elapsed.TotalSeconds);
            return await FinishAsync(options, target, version, BaseImageSource.Pulled, clock, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is not EngineUnavailableException)
        {
            // Any failure (no DNS, no route, timeout, refused) means "no registry": one line, then bootstrap.
            var reason = e is OperationCanceledException ? $"no answer within {options.RegistryTimeout.TotalSeconds:0} s" : FirstLine(e.Message);
            _log.Information("Base image: registry image {Image:l} unavailable ({Reason:l}); bootstrapping from the Debian mirror instead", registryImage, reason);
            return null;
        }
    }

    private async Task<BaseImageResult> BootstrapAsync(PythonBaseImageOptions options, ImageReference target, BaseImageRecipe recipe, Stopwatch clock, CancellationToken ct)
    {
        var rootfs = Path.Combine(Path.GetFullPath(options.WorkDirectory), "rootfs");
        var failureLog = Path.Combine(Path.GetFullPath(options.WorkDirectory), FailedBootstrapLog);
        try
        {
            await RootfsDirectory.DeleteAsync(rootfs, ct); // leftovers of a run that was killed
            File.Delete(failureLog);
            var packageCache = options.PackageCacheDirectory ?? Path.Combine(Path.GetFullPath(options.WorkDirectory), "debs");
            Directory.CreateDirectory(packageCache);
            var arguments = Debootstrapper.Arguments(recipe.Source, rootfs, recipe.Mirror, recipe.Packages, packageCache);
            await new Debootstrapper(_log).RunAsync(options.DebootstrapPath, arguments, rootfs, failureLog, options.ProgressInterval, ct);
            await RootfsDirectory.UnmountAllAsync(rootfs, ct);

            var phase = Stopwatch.StartNew();
            var removed = RootfsCleaner.Clean(rootfs);
            var version = await ChrootPython.VersionAsync(rootfs, ct);
            _log.Information("Base image: cleaned the root filesystem ({Removed:0} MiB removed), Python {Version:l}, in {Elapsed:0.0} s",
                removed / 1048576.0, version, phase.Elapsed.TotalSeconds);

            phase.Restart();
            var entries = await RootfsImporter.ImportAsync(_images, rootfs, target, ImageConfigPlan.ForBootstrap(recipe, version, DateTimeOffset.UtcNow), ct);
            _log.Information("Base image: imported {Entries} entries as {Tag:l} in {Elapsed:0.0} s", entries, target, phase.Elapsed.TotalSeconds);
            var result = await FinishAsync(options, target, version, BaseImageSource.Bootstrapped, clock, ct);
            if (!options.KeepRootfs) await RootfsDirectory.DeleteAsync(rootfs, ct);
            return result;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // debootstrap was killed with the token: clean up without it.
            await RootfsDirectory.DeleteAsync(rootfs, CancellationToken.None);
            throw;
        }
        catch (Exception) when (Directory.Exists(rootfs))
        {
            // A half-made root filesystem is hundreds of MB nobody resumes (debootstrap cannot): remove it, with
            // whatever it left mounted. Why it failed is in the error and in the debootstrap log kept beside it.
            await RootfsDirectory.DeleteAsync(rootfs, CancellationToken.None);
            throw;
        }
    }

    private async Task<BaseImageResult> FinishAsync(PythonBaseImageOptions options, ImageReference target, string version, BaseImageSource source, Stopwatch clock, CancellationToken ct)
    {
        var image = await _images.InspectAsync(target.ToString(), ct)
            ?? throw new BaseImageException($"{target} is missing right after it was made (did another process remove it?)");
        if (options.TagWithPythonVersion) await _images.TagAsync(image.ID, target.WithTag(version), ct);
        return ToResult(target, image, source, clock) with { PythonVersion = version };
    }

    private static BaseImageResult ToResult(ImageReference target, ImageInspectResponse image, BaseImageSource source, Stopwatch clock) =>
        new(target.ToString(), image.ID, source,
            PythonVersionParser.FromEnvironment(image.Config?.Env) ?? EngineImages.Label(image, "org.opencontainers.image.version") ?? "unknown",
            image.Size, clock.Elapsed);

    // Validated already; the tag is written out, as the engine API wants it.
    private static ImageReference Tagged(string text)
    {
        var reference = ImageReference.Parse(text);
        return reference with { Tag = reference.TagOrDefault };
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
