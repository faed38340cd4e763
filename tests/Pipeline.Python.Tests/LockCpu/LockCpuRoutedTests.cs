using Pipeline.Python.Audit;
using Pipeline.Python.Locks;
using Pipeline.Python.LockCpu;
using Pipeline.Python.Tests.Support;
using Pipeline.Testing;

namespace Pipeline.Python.Tests.LockCpu;

/// <summary>LockCpu with real pip against the real index server on 127.0.0.1 (stand-in wheels, PEP 658 metadata served).</summary>
public class LockCpuRoutedTests(RoutedIndex index) : IClassFixture<RoutedIndex>
{
    private const string PublicCpu = "https://download.pytorch.org/whl/cpu";
    private const string PublicMain = "https://pypi.org/simple";

    private List<string> RequestsSince(int start) =>
        index.Server.AccessLog.Entries.Skip(start).Select(e => Uri.UnescapeDataString(e.Path)).ToList();

    [Fact]
    public async Task One_pass_against_the_routed_index_pins_cpu_torch_and_requests_no_cuda_file_or_metadata()
    {
        using var temp = new TempDirectory("lockcpu-routed");
        // torch arrives only through sentence-transformers: the case the two-pass resolution got wrong.
        temp.Write("svc/requirements.txt", "# embeddings service\nsentence-transformers>=3\nfastapi==0.115.6\n");
        var start = index.Server.AccessLog.Requests;

        var result = await new LockCpuRunner().RunAsync(new LockCpuOptions { ProjectDirectories = [temp.Combine("svc")], RoutedIndexUrl = index.Routed }, CancellationToken.None);

        Assert.True(result.Success, string.Join("; ", result.Errors));
        var requests = RequestsSince(start);
        Assert.NotEmpty(requests);
        Assert.All(requests, p => Assert.StartsWith("/routed/", p));
        Assert.Empty(index.CudaRequests(start));
        var lockText = await File.ReadAllTextAsync(temp.Combine("svc", "requirements.lock"));
        Assert.Contains("\ntorch==2.5.1+cpu \\\n", lockText);
        Assert.DoesNotContain("nvidia", lockText);
        Assert.DoesNotContain("triton", lockText);
        Assert.Contains("# python: CPython 3.11.0 linux x86_64 glibc 2.36\n", lockText);
        Assert.Contains($"# source: {PublicCpu}\ntorch==", lockText);
        Assert.Contains($"# source: {PublicMain}\nfastapi==", lockText);
        var audit = Assert.Single(result.Audits);
        Assert.Equal(AuditVerdict.CpuBuild, Assert.Single(audit.Rows, r => r.Package == "torch").Verdict);
        Assert.False(audit.HasCuda);

        // Portable: nothing machine-local in any file LockCpu wrote.
        Assert.NotEmpty(result.FilesChanged);
        foreach (var file in result.FilesChanged)
        {
            var text = await File.ReadAllTextAsync(file);
            Assert.DoesNotContain("127.0.0.1", text);
            Assert.DoesNotContain(index.Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), text);
        }

        // The standard lock from the same resolution reads back with the project's own PylockReader.
        var pylockPath = temp.Combine("svc", "pylock.toml");
        Assert.Contains(pylockPath, result.FilesChanged);
        var pylock = PylockReader.Read(await File.ReadAllTextAsync(pylockPath), pylockPath);
        var torch = Assert.Single(pylock.Packages, p => p.Name == "torch");
        Assert.Equal("2.5.1+cpu", torch.Version);
        Assert.Equal(PublicCpu, torch.Source);
        Assert.Equal("torch-2.5.1+cpu-py3-none-linux_x86_64.whl", Assert.Single(torch.Wheels).FileName);
        Assert.Equal(RequirementsReader.Read(lockText, "requirements.lock").Requirements.Select(r => Pipeline.Python.Markers.MarkerEnvironment.NormalizeName(r.Name)),
            pylock.Packages.Select(p => p.Name));
    }

    [Fact]
    public async Task Without_a_routed_index_the_two_pass_resolution_reads_cuda_metadata_which_the_detector_sees()
    {
        // The control for the test above: the same service resolved the old way does touch CUDA payload.
        using var temp = new TempDirectory("lockcpu-split");
        temp.Write("svc/requirements.txt", "sentence-transformers>=3\n");
        var start = index.Server.AccessLog.Requests;

        var result = await new LockCpuRunner().RunAsync(new LockCpuOptions
        {
            ProjectDirectories = [temp.Combine("svc")], MirrorIndexUrl = index.Main, MirrorCpuIndexUrl = index.Cpu,
        }, CancellationToken.None);

        Assert.True(result.Success, string.Join("; ", result.Errors));
        Assert.Contains("torch==2.5.1+cpu", await File.ReadAllTextAsync(temp.Combine("svc", "requirements.lock")));
        // The CUDA torch was considered: its NVIDIA dependencies' pages were asked for. (Whether the CUDA wheel's own
        // .metadata file is requested depends on pip's HTTP cache, which an earlier test may have filled.)
        Assert.Contains(index.CudaRequests(start), p => p.Contains("/simple/nvidia-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unchanged_inputs_run_no_resolver_and_a_changed_service_relocks_alone()
    {
        using var temp = new TempDirectory("lockcpu-fingerprint");
        temp.Write("a/requirements.txt", "-r base.txt\nfastapi==0.115.6\n");
        temp.Write("a/base.txt", "click\n");
        temp.Write("b/requirements.txt", "uvicorn\n");
        var options = new LockCpuOptions { ProjectDirectories = [temp.Combine("a"), temp.Combine("b")], RoutedIndexUrl = index.Routed };
        var lockA = temp.Combine("a", "requirements.lock");
        var lockB = temp.Combine("b", "requirements.lock");

        var first = await new LockCpuRunner().RunAsync(options, CancellationToken.None);
        Assert.True(first.Success, string.Join("; ", first.Errors));
        Assert.Equal("2 locked, 0 up to date", first.Notes["locks"]);
        Assert.Matches(@"(?m)^# inputs: sha256:[0-9a-f]{64}$", await File.ReadAllTextAsync(lockA));
        var lockAText = await File.ReadAllTextAsync(lockA);

        var start = index.Server.AccessLog.Requests;
        var second = await new LockCpuRunner().RunAsync(options, CancellationToken.None);
        Assert.True(second.Success, string.Join("; ", second.Errors));
        Assert.Equal("up to date (2)", second.Notes["locks"]);
        Assert.Empty(second.FilesChanged);
        Assert.Equal(start, index.Server.AccessLog.Requests); // pip never ran: it would have fetched index pages
        Assert.Equal(2, second.Audits.Count); // still audited

        temp.Write("b/requirements.txt", "uvicorn\nh11==0.16.0\n");
        var third = await new LockCpuRunner().RunAsync(options, CancellationToken.None);
        Assert.Equal("1 locked, 1 up to date", third.Notes["locks"]);
        Assert.Contains(lockB, third.FilesChanged);
        Assert.DoesNotContain(lockA, third.FilesChanged);
        Assert.Equal(lockAText, await File.ReadAllTextAsync(lockA));

        // An included file is an input too.
        temp.Write("a/base.txt", "click==8.4.2\n");
        var fourth = await new LockCpuRunner().RunAsync(options, CancellationToken.None);
        Assert.Equal("1 locked, 1 up to date", fourth.Notes["locks"]);
        Assert.Contains(lockA, fourth.FilesChanged);

        var forced = await new LockCpuRunner().RunAsync(options with { Force = true }, CancellationToken.None);
        Assert.Equal("2 locked, 0 up to date", forced.Notes["locks"]);
    }

    [Fact]
    public async Task Each_service_is_locked_for_its_own_python_with_markers_evaluated_for_it()
    {
        using var temp = new TempDirectory("lockcpu-python");
        const string requirements = "fastapi==0.115.6\nnumpy; python_version < \"3.12\"\n";
        temp.Write("old/requirements.txt", requirements);
        temp.Write("new/requirements.txt", requirements);
        var options = new LockCpuOptions
        {
            Projects =
            [
                new LockCpuProject(temp.Combine("old"), TargetPlatform.LinuxX86_64("3.11")),
                new LockCpuProject(temp.Combine("new"), TargetPlatform.LinuxX86_64("3.13")),
            ],
            RoutedIndexUrl = index.Routed,
        };

        var result = await new LockCpuRunner().RunAsync(options, CancellationToken.None);

        Assert.True(result.Success, string.Join("; ", result.Errors));
        var old = await File.ReadAllTextAsync(temp.Combine("old", "requirements.lock"));
        var @new = await File.ReadAllTextAsync(temp.Combine("new", "requirements.lock"));
        Assert.Contains("# python: CPython 3.11.0 ", old);
        Assert.Contains("# python: CPython 3.13.0 ", @new);
        Assert.Contains("\nnumpy==2.2.0 ", old);
        Assert.DoesNotContain("numpy", @new);
        Assert.Contains("\nfastapi==0.115.6 ", @new);
        Assert.Equal(["3.11", "3.13"], result.Audits.Select(a => a.Target.PythonVersion));
        Assert.Contains("CPython 3.13", AuditTableFormatter.Format(result.Audits[1]));
    }
}
