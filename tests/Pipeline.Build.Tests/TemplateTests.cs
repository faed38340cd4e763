using System.Diagnostics;
using System.Text.Json;
using Pipeline.Build;
using Pipeline.Testing;

namespace Pipeline.Build.Tests;

/// <summary>
/// Adoption in one command, end to end with the real parts: the packages <c>./build.sh Pack</c> makes (packed here by
/// the same code, under a version of the test's own so no cached package stands in), <c>dotnet new install</c> into a
/// private template hive, <c>dotnet new pipeline-build</c> in a scratch git repository with a compose file, and that
/// repository's own <c>./build.sh --plan Rebuild</c> restoring from the local feed (third-party packages from this
/// machine's package folder, read-only: no network, nothing added to it).
/// </summary>
public class TemplateTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Fact]
    public async Task Dotnet_new_pipeline_build_gives_a_repository_with_a_compose_file_the_stack_targets()
    {
        using var work = new TempDirectory("pipeline-template");
        var root = AbsolutePath.Create(RepoPaths.Root);
        var version = $"0.0.0-test.{Guid.NewGuid():N}"[..24];

        // Pack: the stack component's libraries (found from project references) and the template, into a feed.
        var feed = AbsolutePath.Create(work.Combine("feed"));
        IReadOnlyList<AbsolutePath> projects =
        [
            .. PackTasks.WithReferences([root / "src" / "Pipeline.Build" / "Pipeline.Build.csproj", root / "src" / "Pipeline.Stack" / "Pipeline.Stack.csproj"]),
            root / "templates" / "Pipeline.Templates.csproj",
        ];
        var packages = (await PackTasks.PackAsync(root / "Pipeline.sln", [.. projects], feed, Configuration, version)).Select(p => Path.GetFileName((string)p)).ToList();
        foreach (var id in new[] { "Pipeline.Build", "Pipeline.Stack", "Pipeline.IO", "Pipeline.Compose", "Pipeline.Containers", "Pipeline.Verify", "Pipeline.Templates" })
            Assert.Contains($"{id}.{version}.nupkg", packages);
        Assert.DoesNotContain(packages, p => p.StartsWith("Pipeline.Benchmarks", StringComparison.Ordinal));

        // Install the template into a hive of the test's own, then apply it to a repository with a compose file elsewhere.
        var hive = work.Combine("hive");
        await RunAsync("dotnet", ["new", "install", feed / $"Pipeline.Templates.{version}.nupkg", "--debug:custom-hive", hive], work.Path);
        var repo = work.Combine("repo");
        Directory.CreateDirectory(repo);
        await RunAsync("git", ["init", "--quiet"], repo);
        work.Write("repo/deploy/compose.yaml", "services:\n  api:\n    build: ../api\n");
        work.Write("repo/api/Dockerfile", "FROM python:3.11-slim\nRUN pip install --no-cache-dir requests\n");
        await RunAsync("dotnet", ["new", "pipeline-build", "--compose-file", "deploy/compose.yaml", "--debug:custom-hive", hive], repo);

        foreach (var file in new[] { "build/_build.csproj", "build/Build.cs", "build/prerequisites.sh", "build/Directory.Build.props", "build.sh", "build.ps1", "build.cmd", ".nuke/parameters.json" })
            Assert.True(File.Exists(Path.Combine(repo, file)), $"dotnet new pipeline-build did not add {file}");
        Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(Path.Combine(repo, "build.sh")).HasFlag(UnixFileMode.UserExecute), "build.sh is not executable");
        Assert.Contains($"Version=\"{version}\"", File.ReadAllText(Path.Combine(repo, "build", "_build.csproj")));
        using (var parameters = JsonDocument.Parse(File.ReadAllText(Path.Combine(repo, ".nuke", "parameters.json"))))
            Assert.Equal("deploy/compose.yaml", parameters.RootElement.GetProperty("ComposeFile").GetString());

        // The repository's own build, restored from the feed alone (plus this machine's packages as a read-only fallback).
        var machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        work.Write("repo/nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="machine" value="{machinePackages}" />
              </fallbackPackageFolders>
            </configuration>
            """);
        var env = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = work.Combine("packages") };
        var plan = await RunAsync(Path.Combine(repo, "build.sh"), ["--plan", "Rebuild"], repo, env);

        var order = new[] { "Stop", "ConfigurePip", "LockCpu", "Prefetch", "BaseImage", "BuildParallel", "Verify", "Rebuild" };
        var lines = plan.Split('\n').Select(l => l.Trim()).ToList();
        Assert.Contains(lines, l => l.StartsWith("Execution plan for Rebuild", StringComparison.Ordinal));
        var positions = order.Select(target => lines.FindIndex(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, var name, ..] && name == target)).ToList();
        Assert.True(positions.All(p => p >= 0), $"plan lacks a target of {string.Join(", ", order)}:\n{plan}");
        Assert.Equal(positions.Order(), positions);

        // build.ps1 finds the same fingerprint (no recompile) and prints the same plan.
        if (Scripts.Pwsh is not null)
        {
            var ps = await RunAsync(Scripts.Pwsh, ["-NoProfile", "-NonInteractive", "-File", Path.Combine(repo, "build.ps1"), "--plan", "Rebuild"], repo, env);
            Assert.Equal(Scripts.Normalise(plan), Scripts.Normalise(ps));
        }
    }

    private static async Task<string> RunAsync(string file, IEnumerable<string> args, string directory, IReadOnlyDictionary<string, string?>? env = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (key, value) in env ?? new Dictionary<string, string?>()) psi.Environment[key] = value;
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"{Path.GetFileName(file)} {string.Join(' ', psi.ArgumentList)} exited {process.ExitCode}:\n{output}");
        return output;
    }
}
