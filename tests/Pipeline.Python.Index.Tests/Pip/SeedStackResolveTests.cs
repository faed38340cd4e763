using System.Text.Json;
using Pipeline.Packaging;
using Pipeline.Python.Index.Catalog;
using Pipeline.Python.Index.Tests.Support;
using Pipeline.Python.Markers;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Python.Index.Tests.Pip;

/// <summary>
/// The host's real pip resolving each seed service's installs against the seed-stack catalogue on the real index
/// server, in the Dockerfile's order: the CPU torch from the <c>cpu</c> index first where the Dockerfile has that
/// step (a real install into a venv, so the second step sees it installed), then <c>-r requirements.after.txt</c> from
/// <c>pypi</c> as a dry run with a report. Services on another Python than the host's resolve with
/// <c>--python-version</c>/<c>--platform</c>/<c>--target</c>; markers are still evaluated by the host's pip on its own
/// Python, as pip does.
/// </summary>
public sealed class SeedStackResolveTests(SeedStackWheelhouseFixture wheelhouse, ITestOutputHelper output) : IClassFixture<SeedStackWheelhouseFixture>
{
    public static TheoryData<string, string, string[]> Services => new()
    {
        { "aidb", "3.11", ["torch==2.5.1", "torchvision==0.20.1", "torchaudio==2.5.1"] },
        { "nixos-docs", "3.11", ["torch==2.5.1", "torchvision==0.20.1"] },
        { "health-monitor", "3.11", [] },
        { "hybrid-coordinator", "3.13", [] },
        { "ralph-wiggum", "3.12", [] },
    };

    private static readonly string[] CudaOnly = ["triton", "nvidia-"];

    [FixtureTheory]
    [MemberData(nameof(Services))]
    public async Task Seed_service_resolves_its_pins_and_requested_extras_the_way_its_dockerfile_installs_them(string service, string python, string[] cpuTorch)
    {
        await using var server = await wheelhouse.StartServerAsync();
        using var work = new TempDirectory($"seed-{service}");
        var requirements = RepoPaths.Fixture("seed-stack", service, "requirements.after.txt");

        var (cpuStep, report) = cpuTorch.Length > 0
            ? await InVenvAfterCpuTorchAsync(server.IndexUrls["cpu"], server.IndexUrls["pypi"], work, requirements, cpuTorch)
            : ([], await ForPythonAsync(server.IndexUrls["pypi"], work, python, "-r", requirements));

        // The second step may replace a package of the first (aidb pins numpy==2.3.5 over torch's numpy): the later one stays.
        var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in cpuStep.Concat(report))
            resolved[p.Project] = p.Version;
        var file = RequirementsParser.Parse(await File.ReadAllTextAsync(requirements), requirements, RequirementsMode.Strict);
        foreach (var requirement in file.Requirements)
        {
            Assert.True(resolved.ContainsKey(requirement.Project), $"{service}: {requirement.Name} was not resolved");
            if (requirement.PinnedVersion is { } pinned)
                Assert.Equal(pinned, resolved[requirement.Project]);
            foreach (var dependency in ExtraDependencies(requirement, resolved[requirement.Project], python))
                Assert.True(resolved.ContainsKey(dependency), $"{service}: {requirement.Name}[{string.Join(',', requirement.Extras)}] should bring {dependency}");
        }
        if (cpuTorch.Length > 0)
        {
            Assert.StartsWith("2.5.1+cpu", resolved["torch"], StringComparison.Ordinal);
            Assert.DoesNotContain(report, p => p.Project == "torch" || CudaOnly.Any(c => p.Project.StartsWith(c, StringComparison.Ordinal)));
        }
        output.WriteLine($"{service}: {resolved.Count} distributions, {RealBytes(cpuStep.Concat(report)) / 1e6:F1} MB of real wheels "
            + $"(CPU torch step {RealBytes(cpuStep) / 1e6:F1} MB)");
    }

    [FixtureFact]
    public async Task Nixos_docs_against_pypi_alone_pulls_the_cuda_torch_with_its_nvidia_wheels_and_triton()
    {
        await using var server = await wheelhouse.StartServerAsync();
        using var work = new TempDirectory("seed-nixos-cuda");

        var report = await ForPythonAsync(server.IndexUrls["pypi"], work, "3.11", "-r", RepoPaths.Fixture("seed-stack", "nixos-docs", "requirements.after.txt"));

        var torch = Assert.Single(report, p => p.Project == "torch");
        Assert.Equal("2.5.1", torch.Version);
        var cuda = report.Where(p => CudaOnly.Any(c => p.Project.StartsWith(c, StringComparison.Ordinal))).ToList();
        Assert.True(cuda.Count >= 13, $"expected the 12 nvidia-*-cu12 wheels and triton, got {string.Join(", ", cuda.Select(p => p.Project))}");
        Assert.True(RealBytes(cuda) > 1_500_000_000, $"the CUDA wheels should weigh well over 1.5 GB, got {RealBytes(cuda)}");
        output.WriteLine($"nixos-docs on pypi alone: {report.Count} distributions, {RealBytes(report) / 1e6:F1} MB, of which CUDA {RealBytes(cuda) / 1e6:F1} MB");
    }

    [FixtureFact]
    public async Task Nixos_docs_with_the_cpu_torch_first_pulls_no_cuda_wheels()
    {
        await using var server = await wheelhouse.StartServerAsync();
        using var work = new TempDirectory("seed-nixos-cpu");

        var (cpuStep, report) = await InVenvAfterCpuTorchAsync(server.IndexUrls["cpu"], server.IndexUrls["pypi"], work,
            RepoPaths.Fixture("seed-stack", "nixos-docs", "requirements.after.txt"), ["torch==2.5.1", "torchvision==0.20.1"]);

        Assert.Contains(cpuStep, p => p.Project == "torch" && p.Version == "2.5.1+cpu");
        Assert.Contains(report, p => p.Project == "sentence-transformers");
        Assert.DoesNotContain(cpuStep.Concat(report), p => CudaOnly.Any(c => p.Project.StartsWith(c, StringComparison.Ordinal)));
        Assert.DoesNotContain(report, p => p.Project == "torch");
    }

    [Fact]
    public async Task Upgrading_pip_wheel_and_setuptools_takes_wheel_and_setuptools_from_the_index_and_keeps_the_installed_pip()
    {
        await using var server = await wheelhouse.StartServerAsync();
        using var work = new TempDirectory("seed-upgrade");
        var venv = await HostPython.RunAsync(null, "-m", "venv", work.Combine("venv"));
        Assert.True(venv.ExitCode == 0, venv.All);
        var python = work.Combine("venv", "bin", "python");
        var report = work.Combine("upgrade.json");

        var upgrade = await HostPython.RunWithAsync(python, null, "-m", "pip", "install", "--dry-run", "--report", report,
            "--index-url", server.IndexUrls["pypi"].ToString(), "--upgrade", "pip", "wheel", "setuptools");

        Assert.True(upgrade.ExitCode == 0, upgrade.All);
        var installed = ReadReport(report).Select(p => p.Project).Order().ToList();
        Assert.Equal(["setuptools", "wheel"], installed);
        Assert.DoesNotContain(wheelhouse.Catalogue.Entries, e => e.Name == "pip");
    }

    private sealed record Resolved(string Project, string Version);

    /// <summary>Step 1 for real in a fresh venv (CPU torch from <paramref name="cpu"/>), step 2 as a dry run from <paramref name="pypi"/>.</summary>
    private async Task<(List<Resolved> CpuStep, List<Resolved> Report)> InVenvAfterCpuTorchAsync(
        Uri cpu, Uri pypi, TempDirectory work, string requirements, string[] cpuTorch)
    {
        var venv = await HostPython.RunAsync(null, "-m", "venv", work.Combine("venv"));
        Assert.True(venv.ExitCode == 0, venv.All);
        var python = work.Combine("venv", "bin", "python");

        var torchReport = work.Combine("cpu-torch.json");
        var torch = await HostPython.RunWithAsync(python, null, ["-m", "pip", "install", "--no-cache-dir", "--report", torchReport,
            "--index-url", cpu.ToString(), .. cpuTorch]);
        Assert.True(torch.ExitCode == 0, torch.All);

        var report = work.Combine("requirements.json");
        var install = await HostPython.RunWithAsync(python, null, "-m", "pip", "install", "--no-cache-dir", "--dry-run", "--report", report,
            "--index-url", pypi.ToString(), "-r", requirements);
        Assert.True(install.ExitCode == 0, install.All);
        return (ReadReport(torchReport), ReadReport(report));
    }

    /// <summary>A dry run for another Python and Linux x86-64, nothing installed (pip needs --target for these flags).</summary>
    private static async Task<List<Resolved>> ForPythonAsync(Uri pypi, TempDirectory work, string python, params string[] what)
    {
        var report = work.Combine("report.json");
        var run = await HostPython.PipAsync(["install", "--no-cache-dir", "--dry-run", "--report", report, "--index-url", pypi.ToString(),
            "--python-version", python, "--platform", "manylinux2014_x86_64", "--only-binary=:all:", "--target", work.Combine("target"), .. what]);
        Assert.True(run.ExitCode == 0, run.All);
        return ReadReport(report);
    }

    private static List<Resolved> ReadReport(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.GetProperty("install").EnumerateArray()
            .Select(i => i.GetProperty("metadata"))
            .Select(m => new Resolved(ProjectName.Normalize(m.GetProperty("name").GetString()!), m.GetProperty("version").GetString()!))
            .ToList();
    }

    /// <summary>What the extras of a top-level requirement add on Linux x86-64 (the dependencies whose marker needs them).</summary>
    private IEnumerable<string> ExtraDependencies(RequirementLine requirement, string version, string python)
    {
        if (requirement.Extras.Count == 0)
            return [];
        var entry = wheelhouse.Catalogue.Entries.Single(e => ProjectName.Normalize(e.Name) == requirement.Project && e.FullVersion == version);
        var with = MarkerEnvironment.For(new TargetPlatform { PythonVersion = python }, requirement.Extras);
        var without = MarkerEnvironment.For(new TargetPlatform { PythonVersion = python });
        return entry.RequiresDist
            .Select(line => Assert.Single(RequirementsParser.Parse(line, entry.Name, RequirementsMode.Strict).Requirements))
            .Where(r => r.Marker is not null && MarkerParser.Parse(r.Marker).Evaluate(with) && !MarkerParser.Parse(r.Marker).Evaluate(without))
            .Select(r => r.Project)
            .ToList();
    }

    /// <summary>Real (unscaled) bytes of the wheels in <paramref name="resolved"/>, from the catalogue.</summary>
    private long RealBytes(IEnumerable<Resolved> resolved) =>
        resolved.Sum(p => wheelhouse.Catalogue.Entries.First(e => ProjectName.Normalize(e.Name) == p.Project && e.FullVersion == p.Version).Size);
}
