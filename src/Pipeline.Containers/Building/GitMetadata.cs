using CliWrap;
using CliWrap.Buffered;

namespace Pipeline.Containers.Building;

/// <summary>The revision, remote and commit time of the git checkout holding a folder, for OCI labels (absent outside git).</summary>
public sealed record GitMetadata(string? Revision, string? Source, DateTimeOffset? CommitTime = null)
{
    /// <summary>Asks git about <paramref name="directory"/>; returns nulls when git or the checkout is missing.</summary>
    public static async Task<GitMetadata> ReadAsync(string directory, CancellationToken ct)
    {
        var commitTime = long.TryParse(await GitAsync(directory, ["log", "-1", "--format=%ct"], ct), out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : (DateTimeOffset?)null;
        return new GitMetadata(await GitAsync(directory, ["rev-parse", "HEAD"], ct),
            await GitAsync(directory, ["config", "--get", "remote.origin.url"], ct), commitTime);
    }

    private static async Task<string?> GitAsync(string directory, string[] args, CancellationToken ct)
    {
        try
        {
            var result = await Cli.Wrap("git").WithArguments(["-C", directory, .. args])
                .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct);
            var text = result.StandardOutput.Trim();
            return result.ExitCode == 0 && text.Length > 0 ? text : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git is not installed: labels without revision
        }
    }
}
