using System.Reflection;
using Pipeline.IO;
using Serilog;

namespace Pipeline.Build;

/// <summary>Writes (or, on a CI server, checks) the CI files a build class declares with <see cref="CiConfigurationAttribute"/>s.</summary>
internal static class CiConfigurations
{
    /// <summary>
    /// Each declared file: written when it differs; on a CI server (<c>CI=true</c>) an existing file that differs is an
    /// error instead (one line), because CI would otherwise run a definition the build no longer has.
    /// </summary>
    public static async Task UpdateAsync(Type buildType, IReadOnlyCollection<string> targets, AbsolutePath root,
        IReadOnlyDictionary<string, string> environment, ILogger log)
    {
        var onCi = environment.GetValueOrDefault("CI") is { } ci && (ci == "1" || ci.Equals("true", StringComparison.OrdinalIgnoreCase));
        foreach (var attribute in buildType.GetCustomAttributes<CiConfigurationAttribute>(inherit: true))
        {
            var file = root / attribute.RelativePath;
            var text = attribute.Generate(targets);
            var current = file.FileExists() ? await File.ReadAllTextAsync(file) : null;
            if (current == text) continue;
            if (onCi && current is not null)
                throw new BuildDefinitionException($"{attribute.RelativePath} is stale: the build class declares another CI configuration; run ./build.sh locally and commit the file");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await AtomicFile.WriteAllTextAsync(file, text, CancellationToken.None);
            log.Information("Generated {File} from the build class", attribute.RelativePath);
        }
    }
}
