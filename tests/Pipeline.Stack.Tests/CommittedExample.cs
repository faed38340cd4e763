using System.Diagnostics;
using System.Formats.Tar;
using Pipeline.Testing;

namespace Pipeline.Stack.Tests;

/// <summary>
/// The example stack as committed (<c>HEAD</c>), not as the working tree holds it: the README's <c>./build.sh Rebuild</c>
/// rewrites <c>examples/ai-stack</c> in place, and tests that read it there would then see the fixed stack (mapping
/// tests fail, the end-to-end run no longer starts from the unfixed one). Outside a git checkout (a source tarball)
/// the working tree is all there is, and it is copied instead.
/// </summary>
public static class CommittedExample
{
    private const string ExamplePath = "examples/ai-stack";

    /// <summary>Writes the committed example stack's files into <paramref name="directory"/> (created if missing).</summary>
    public static void ExtractTo(string directory)
    {
        Directory.CreateDirectory(directory);
        if (TryGitArchive(directory)) return;
        CopyWorkingTree(Path.Combine(RepoPaths.Root, "examples", "ai-stack"), directory);
    }

    private static bool TryGitArchive(string directory)
    {
        if (!IsGitCheckout()) return false;
        // HEAD:<path> archives the folder's tree with its files at the archive's root.
        var psi = new ProcessStartInfo("git") { WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "archive", "--format=tar", $"HEAD:{ExamplePath}" }) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        TarFile.ExtractToDirectory(process.StandardOutput.BaseStream, directory, overwriteFiles: true);
        process.WaitForExit();
        // In a checkout the committed example must come out: a silent fallback would hide the very problem this solves.
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"git archive HEAD:{ExamplePath} failed ({process.ExitCode}): {stderr.Result.Trim()}");
        return true;
    }

    private static bool IsGitCheckout()
    {
        try
        {
            var psi = new ProcessStartInfo("git") { WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "rev-parse", "--verify", "--quiet", "HEAD" }) psi.ArgumentList.Add(a);
            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            Task.WaitAll(stdout, stderr);
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; } // no git installed
    }

    private static void CopyWorkingTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(p => p is "__pycache__") || relative.EndsWith(".bak", StringComparison.Ordinal)) continue;
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

/// <summary>One extraction of the committed example per test class, deleted afterwards.</summary>
public sealed class CommittedExampleFixture : IDisposable
{
    private readonly TempDirectory _root = new("pipeline-example");

    /// <summary>Extracts the committed example stack.</summary>
    public CommittedExampleFixture() => CommittedExample.ExtractTo(StackDirectory);

    /// <summary>The extracted stack's folder.</summary>
    public string StackDirectory => _root.Combine("ai-stack");

    /// <summary>The extracted stack's compose file.</summary>
    public string ComposeFile => Path.Combine(StackDirectory, "docker-compose.yml");

    /// <inheritdoc />
    public void Dispose() => _root.Dispose();
}
