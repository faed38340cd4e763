using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using Pipeline.Testing;

namespace Pipeline.Stack.Tests.EndToEnd;

/// <summary>
/// A copy of the committed example stack (<see cref="CommittedExample"/>: not the working tree, which Rebuild rewrites) in a temp directory, with its own build root (<c>.nuke/</c>), so an end-to-end
/// run never touches the repository's example or the outer build's logs. The compose project gets a unique
/// name so its images do not clash with a user's.
/// </summary>
public sealed class StackCopy : IDisposable
{
    public StackCopy(string projectName)
    {
        ProjectName = projectName;
        CommittedExample.ExtractTo(StackDirectory);
        Directory.CreateDirectory(Root.Combine(".nuke"));
        var compose = File.ReadAllText(ComposeFile).Replace("name: ai-stack", $"name: {projectName}", StringComparison.Ordinal);
        File.WriteAllText(ComposeFile, compose);
    }

    public TempDirectory Root { get; } = new("pipeline-e2e");

    public string ProjectName { get; }

    public string StackDirectory => Root.Combine("stack");

    public string ComposeFile => Path.Combine(StackDirectory, "docker-compose.yml");

    public string VerifyReports => Root.Combine("verify");

    public string Image(string service) => $"{ProjectName}-{service}";

    /// <summary>Runs the real <c>build.sh</c> with this copy as the build root.</summary>
    public async Task<(int ExitCode, string Output)> BuildAsync(string engine, params string[] args)
    {
        var psi = new ProcessStartInfo(Path.Combine(RepoPaths.Root, "build.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var a in args.Concat(["--root", Root.Path, "--compose-file", ComposeFile, "--engine", engine,
                     "--verify-reports", VerifyReports, "--no-logo"]))
            psi.ArgumentList.Add(a);
        // The machine's own pip settings (PIP_FIND_LINKS, …) must not leak into the host-side pip LockCpu runs.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("PIP_", StringComparison.Ordinal)).ToList())
            psi.Environment.Remove(key);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>
    /// Removes images by name from <paramref name="engine"/>: a test's images would otherwise stay in the user's engine,
    /// and every re-run would leave the previous ones behind untagged.
    /// </summary>
    public static async Task RemoveImagesAsync(PodmanService engine, IEnumerable<string> images)
    {
        await using var session = await engine.ConnectAsync();
        var docker = session.Client;
        foreach (var image in images)
        {
            try { await docker.Images.DeleteImageAsync(image, new ImageDeleteParameters { Force = true }); }
            catch (DockerImageNotFoundException) { }
        }
    }

    public void Dispose() => Root.Dispose();
}
