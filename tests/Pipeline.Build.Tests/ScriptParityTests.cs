using System.Diagnostics;
using Pipeline.Build;
using Pipeline.Testing;

namespace Pipeline.Build.Tests;

/// <summary>
/// build.sh and build.ps1 given the same arguments behave the same: exit codes, output, refusal to install, and the
/// fingerprint that decides when the build program is recompiled. PowerShell is the real pwsh (a .NET tool that
/// <c>./build.sh Test</c> installs under .nuke/temp/tools).
/// </summary>
public class ScriptParityTests
{
    [PwshTheory]
    [InlineData(0, "--plan", "Test")]
    [InlineData(0, "--help")]
    [InlineData(BuildResult.InvalidInvocation, "nosuchtarget")]
    [InlineData(BuildResult.InvalidInvocation, "verfy")]
    [InlineData(BuildResult.InvalidInvocation, "--plan", "Test", "--no-such-parameter", "x")]
    public async Task Both_scripts_give_the_same_exit_code_and_output(int expectedExit, params string[] args)
    {
        // A root each: the first run in a root also writes the build's CI files there (and says so).
        using var shRoot = NukeRoot();
        using var psRoot = NukeRoot();
        var sh = await Scripts.RunAsync(Scripts.Sh, [.. args, "--root", shRoot.Path]);
        var ps = await Scripts.RunAsync(Scripts.Ps1, [.. args, "--root", psRoot.Path]);
        Assert.Equal(expectedExit, sh.Exit);
        Assert.Equal(sh.Exit, ps.Exit);
        Assert.Equal(Scripts.Normalise(sh.Output).Replace(shRoot.Path, "<root>"), Scripts.Normalise(ps.Output).Replace(psRoot.Path, "<root>"));
    }

    [PwshTheory]
    [InlineData("--no-install")]
    [InlineData("PIPELINE_NO_INSTALL=1")]
    public async Task With_installing_forbidden_and_nothing_on_PATH_both_name_the_missing_packages(string forbid)
    {
        using var bin = Scripts.BarePath();
        var env = new Dictionary<string, string?> { ["PATH"] = bin.Path, ["DOCKER_HOST"] = null, ["CONTAINER_HOST"] = null };
        string[] args = ["Rebuild"];
        if (forbid.StartsWith("--", StringComparison.Ordinal)) args = [.. args, forbid];
        else env["PIPELINE_NO_INSTALL"] = "1";

        foreach (var script in new[] { Scripts.Sh, Scripts.Ps1 })
        {
            var (exit, output) = await Scripts.RunAsync(script, args, env);
            Assert.Equal(1, exit);
            var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.Contains("installing is forbidden", line);
            // Rebuild needs an engine (none on this PATH, no DOCKER_HOST), debootstrap for the base image and pip.
            foreach (var package in new[] { "podman", "runc", "debootstrap", "python3-pip", "apt-get install" })
                Assert.Contains(package, line);
            Assert.DoesNotContain("unbound variable", output);
        }
    }

    [PwshFact]
    public async Task The_fingerprint_sees_added_deleted_renamed_and_resized_files_and_both_scripts_agree()
    {
        using var tree = new TempDirectory("pipeline-fingerprint");
        tree.Write("global.json", "{}");
        tree.Write("Directory.Build.props", "<Project />");
        tree.Write("build/Build.cs", "class Build {}");
        tree.Write("src/Lib/Lib.cs", "class Lib {}");
        tree.Write("src/Lib/bin/Debug/ignored.dll", "x"); // outputs never count
        tree.Write("src/Lib/obj/ignored.json", "x");

        var original = await Scripts.FingerprintAsync(tree.Path);
        Assert.Equal(original, await Scripts.FingerprintAsync(tree.Path));

        tree.Write("src/Lib/obj/more.json", "y");
        Assert.Equal(original, await Scripts.FingerprintAsync(tree.Path));

        var hello = tree.Write("build/Build.Hello.cs", "partial class Build {}");
        var added = await Scripts.FingerprintAsync(tree.Path);
        Assert.NotEqual(original, added);

        File.Delete(hello); // "newer than the last compile" cannot see this one
        Assert.Equal(original, await Scripts.FingerprintAsync(tree.Path));

        File.Move(tree.Combine("src/Lib/Lib.cs"), tree.Combine("src/Lib/Renamed.cs"));
        var renamed = await Scripts.FingerprintAsync(tree.Path);
        Assert.NotEqual(original, renamed);

        var time = File.GetLastWriteTimeUtc(tree.Combine("build/Build.cs"));
        File.WriteAllText(tree.Combine("build/Build.cs"), "class Build { }");
        File.SetLastWriteTimeUtc(tree.Combine("build/Build.cs"), time); // same time, other size
        Assert.NotEqual(renamed, await Scripts.FingerprintAsync(tree.Path));
    }

    private static TempDirectory NukeRoot()
    {
        var dir = new TempDirectory("pipeline-parity");
        Directory.CreateDirectory(dir.Combine(".nuke"));
        return dir;
    }
}

/// <summary>Runs the repository's bootstrap scripts as a user would.</summary>
internal static class Scripts
{
    public const string Sh = "build.sh";
    public const string Ps1 = "build.ps1";

    /// <summary>pwsh on PATH, else the one <c>./build.sh Test</c> installs; null when neither exists.</summary>
    public static string? Pwsh { get; } = FindPwsh();

    public static async Task<(int Exit, string Output)> RunAsync(string script, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env = null)
    {
        var psi = script == Sh
            ? new ProcessStartInfo(Path.Combine(RepoPaths.Root, Sh))
            : new ProcessStartInfo(Pwsh!) { ArgumentList = { "-NoProfile", "-NonInteractive", "-File", Path.Combine(RepoPaths.Root, Ps1) } };
        psi.RedirectStandardOutput = psi.RedirectStandardError = true;
        psi.WorkingDirectory = RepoPaths.Root;
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (key, value) in env ?? new Dictionary<string, string?>())
        {
            if (value is null) psi.Environment.Remove(key);
            else psi.Environment[key] = value;
        }
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The build program's output without what differs by script name and run (temp paths, timings).</summary>
    public static string Normalise(string output) =>
        string.Join('\n', output.Split('\n').Select(l => l.TrimEnd())
            .Select(l => l.Replace("build.ps1", "build.sh", StringComparison.Ordinal)));

    /// <summary>A PATH with only what the scripts themselves run: no engine, no debootstrap, no python, no apt-get.</summary>
    public static TempDirectory BarePath()
    {
        var bin = new TempDirectory("pipeline-bare-path");
        foreach (var tool in new[] { "bash", "sed", "find", "sort", "sha256sum", "cut", "cat", "tr", "awk", "id", "mkdir", "grep", "dirname", "head", "tail", "env", "uname", "rm" })
        {
            var found = Which(tool);
            if (found is not null) File.CreateSymbolicLink(Path.Combine(bin.Path, tool), found);
        }
        var dotnet = Which("dotnet") ?? throw new InvalidOperationException("dotnet is not on PATH");
        File.CreateSymbolicLink(Path.Combine(bin.Path, "dotnet"), new FileInfo(dotnet).ResolveLinkTarget(true)?.FullName ?? dotnet);
        return bin;
    }

    /// <summary>build.sh's and build.ps1's input fingerprints of <paramref name="root"/>; they must be equal.</summary>
    public static async Task<string> FingerprintAsync(string root)
    {
        var sh = await RunToolAsync("bash", ["-c", $"ROOT='{root}'; source <(sed -n '/^input_fingerprint()/,/^}}/p' '{Path.Combine(RepoPaths.Root, Sh)}'); input_fingerprint"]);
        var ps = await RunToolAsync(Pwsh!, ["-NoProfile", "-NonInteractive", "-Command",
            $"$ast = [System.Management.Automation.Language.Parser]::ParseFile('{Path.Combine(RepoPaths.Root, Ps1)}', [ref]$null, [ref]$null); " +
            "$fn = $ast.Find({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $n.Name -eq 'Get-InputFingerprint' }, $true); " +
            $"Invoke-Expression $fn.Extent.Text; $Root = '{root}'; Get-InputFingerprint"]);
        Assert.Matches("^[0-9a-f]{64}$", sh);
        Assert.Equal(sh, ps);
        return sh;
    }

    private static async Task<string> RunToolAsync(string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} exited {process.ExitCode}: {await stderr}");
        return (await stdout).Trim();
    }

    private static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists);

    private static string? FindPwsh() =>
        Which("pwsh") ?? (File.Exists(Path.Combine(RepoPaths.Root, ".nuke", "temp", "tools", "pwsh"))
            ? Path.Combine(RepoPaths.Root, ".nuke", "temp", "tools", "pwsh") : null);
}

/// <summary>A fact that runs build.ps1: skipped, with the reason, where pwsh is not installed.</summary>
public sealed class PwshFactAttribute : FactAttribute
{
    /// <summary>Skips the test when no pwsh is found.</summary>
    public PwshFactAttribute()
    {
        if (Scripts.Pwsh is null) Skip = "pwsh is not installed (./build.sh Test installs it under .nuke/temp/tools)";
    }
}

/// <summary>A theory that runs build.ps1: skipped, with the reason, where pwsh is not installed.</summary>
public sealed class PwshTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips the theory when no pwsh is found.</summary>
    public PwshTheoryAttribute()
    {
        if (Scripts.Pwsh is null) Skip = "pwsh is not installed (./build.sh Test installs it under .nuke/temp/tools)";
    }
}
