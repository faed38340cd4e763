using Pipeline.Containers.Engine;
using System.Globalization;
using System.Text.Json;
using Docker.DotNet;
using Pipeline.IO;
using Pipeline.Python;
using Pipeline.Verify.Probing;
using Serilog;

namespace Pipeline.Stack.Mapping;

/// <summary>
/// The Python of base images whose tag names none (<c>FROM debian:bookworm</c>, a custom or micromamba base), asked
/// through the engine (<see cref="ImagePythonQuery"/>: the interpreter the image really runs) and remembered by image
/// ID in a small file under <c>.nuke/temp</c>, so the container runs once per image, not once per LockCpu. An image
/// the engine does not have, or one without Python, gives null: the caller falls back to the default and says so.
/// </summary>
/// <param name="engine">The engine session, connected only when an image must be looked at.</param>
/// <param name="cachePath">The cache file (<c>.nuke/temp/image-pythons.json</c>); unreadable means empty.</param>
/// <param name="logger">Log sink.</param>
internal sealed class ImagePythons(Func<CancellationToken, Task<EngineSession>> engine, string cachePath, ILogger logger)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The file name under <c>.nuke/temp</c>.</summary>
    public const string CacheFileName = "image-pythons.json";

    /// <summary>
    /// The target for <paramref name="image"/> (machine and C library as the image reports them; the rest from
    /// <paramref name="fallback"/>) and where it came from, or null when it cannot be asked.
    /// </summary>
    public async Task<(TargetPlatform Target, string Origin)?> TargetOfAsync(string image, TargetPlatform fallback, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(fallback);
        var session = await engine(ct);
        string id;
        try
        {
            id = (await session.Client.Images.InspectImageAsync(image, ct)).ID;
        }
        catch (DockerImageNotFoundException)
        {
            logger.Warning("LockCpu: {Image} is not in the engine, so its Python cannot be asked (build or pull it first)", image);
            return null;
        }
        var cache = await LoadAsync(ct);
        if (!cache.TryGetValue(id, out var python))
        {
            try
            {
                python = await ImagePythonQuery.AskAsync(session, image, logger, ct);
            }
            catch (Exception e) when (e is DockerApiException or InvalidOperationException)
            {
                // A base without /bin/sh, or one the engine cannot start: the default is a guess, and the log says so.
                logger.Warning("LockCpu: could not ask {Image} for its Python: {Error}", image, e.Message);
                return null;
            }
            if (python is null)
            {
                logger.Warning("LockCpu: {Image} runs no Python that answered", image);
                return null;
            }
            cache[id] = python;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(cachePath))!);
            await AtomicFile.WriteAllTextAsync(cachePath, JsonSerializer.Serialize(cache, Json), ct);
            logger.Information("LockCpu: {Image} runs Python {Version} ({Interpreter}), {Machine}, {Libc} {LibcVersion}",
                image, python.Version, python.Interpreter, python.Machine, python.Libc, python.LibcVersion);
        }
        return (ToTarget(python, fallback), $"asked {image}: {python.Interpreter.Path} is Python {python.Version}");
    }

    /// <summary>The lock target an image's answer stands for.</summary>
    public static TargetPlatform ToTarget(ImagePython python, TargetPlatform fallback)
    {
        ArgumentNullException.ThrowIfNull(python);
        ArgumentNullException.ThrowIfNull(fallback);
        var parts = python.Version.Split('.');
        var target = fallback with { PythonVersion = $"{parts[0]}.{parts[1]}", PythonFullVersion = python.Version };
        if (python.Machine.Length > 0) target = target with { PlatformMachine = python.Machine };
        var minor = python.LibcVersion.Split('.') is [_, var m, ..] && int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
        return python.Libc == "musl"
            ? target with { Libc = "musl", MuslMinor = minor ?? target.MuslMinor }
            : target with { Libc = "glibc", GlibcMinor = minor ?? target.GlibcMinor };
    }

    private async Task<Dictionary<string, ImagePython>> LoadAsync(CancellationToken ct)
    {
        if (!File.Exists(cachePath)) return new(StringComparer.Ordinal);
        try
        {
            await using var stream = File.OpenRead(cachePath);
            return await JsonSerializer.DeserializeAsync<Dictionary<string, ImagePython>>(stream, Json, ct) ?? new(StringComparer.Ordinal);
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            // A cache only saves a container run: an unreadable one is asked again and rewritten.
            logger.Debug("LockCpu: ignoring unreadable {Cache}: {Error}", cachePath, e.Message);
            return new(StringComparer.Ordinal);
        }
    }
}
