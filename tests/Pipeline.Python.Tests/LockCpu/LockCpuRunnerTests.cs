using Pipeline.Python.Audit;
using Pipeline.Python.LockCpu;
using Pipeline.Python.Tests.Uv;
using Pipeline.Testing;

namespace Pipeline.Python.Tests.LockCpu;

public class LockCpuRunnerTests
{
    private const string CpuLock = """
        version = 1
        revision = 3
        requires-python = ">=3.11"

        [[package]]
        name = "embedder"
        version = "0.1.0"
        source = { virtual = "." }
        dependencies = [
            { name = "torch" },
        ]

        [[package]]
        name = "torch"
        version = "2.5.1+cpu"
        source = { registry = "https://download.pytorch.org/whl/cpu" }
        wheels = [
            { url = "https://download.pytorch.org/whl/cpu/torch-2.5.1%2Bcpu-cp311-cp311-linux_x86_64.whl", hash = "sha256:0a" },
        ]
        """;

    /// <summary>A stand-in for uv (not installable here): records its arguments and directory, writes a lock.</summary>
    private static string FakeUv(TempDirectory temp)
    {
        var script = temp.Write("bin/uv", $"""
            #!/bin/sh
            if [ "$1" = "--version" ]; then echo "uv 0.5.11 (fake for tests)"; exit 0; fi
            printf '%s\n' "$@" > "{temp.Combine("uv-args.txt")}"
            pwd > "{temp.Combine("uv-cwd.txt")}"
            env | grep '^UV_' | sort > "{temp.Combine("uv-env.txt")}"
            cat > uv.lock <<'LOCK'
            {CpuLock}
            LOCK
            """);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return script;
    }

    [FixtureFact]
    public async Task Check_on_semantic_kernel_lock_fails_and_lists_cuda_packages_with_sizes()
    {
        var options = new LockCpuOptions
        {
            Check = true,
            LockFiles = [RepoPaths.Fixture("locks", "semantic-kernel-cuda.uv.lock"), RepoPaths.Fixture("locks", "uv-pytorch-cpu-extras.uv.lock")],
        };

        var result = await new LockCpuRunner().RunAsync(options, CancellationToken.None);

        Assert.False(result.Success);
        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Audits.Count);
        var sk = result.Audits[0];
        var cuda = sk.Rows.Where(r => r.Installed && r.Verdict == AuditVerdict.Cuda).ToList();
        Assert.Equal(14, cuda.Count(r => r.Package.StartsWith("nvidia-", StringComparison.Ordinal) && r.Package.EndsWith("-cu12", StringComparison.Ordinal)));
        Assert.Contains(cuda, r => r.Package == "triton" && r.SizeBytes > 100_000_000);
        var text = AuditTableFormatter.Format(sk);
        Assert.Contains("nvidia-cudnn-cu12", text);
        Assert.Matches(@"CUDA:\s+16 packages, 3\.\d\d GB", text);
        Assert.Equal("2", result.Notes["locks with CUDA"]);

        var extras = AuditTableFormatter.Format(result.Audits[1]);
        Assert.Contains("2.5.1+cpu", extras);
        Assert.Contains("2.5.1+cu124", extras);
        Assert.Contains("unknown", extras);
    }

    [Fact]
    public async Task Uv_project_is_repaired_then_locked_with_torch_upgraded_and_audited()
    {
        using var temp = new TempDirectory("lockcpu-uv");
        var project = temp.Combine("embedder");
        var pyproject = temp.Write("embedder/pyproject.toml", PyprojectCpuIndexRepairTests.Broken);
        var options = new LockCpuOptions { ProjectDirectories = [project], UvExecutable = FakeUv(temp) };

        var result = await new LockCpuRunner().RunAsync(options, CancellationToken.None);

        Assert.True(result.Success, string.Join("; ", result.Errors));
        Assert.Equal(PyprojectCpuIndexRepairTests.Repaired, await File.ReadAllTextAsync(pyproject));
        Assert.Equal(PyprojectCpuIndexRepairTests.Broken, await File.ReadAllTextAsync(pyproject + ".bak"));
        Assert.Equal(["lock", "--upgrade-package", "torch", "--upgrade-package", "torchvision"], await File.ReadAllLinesAsync(temp.Combine("uv-args.txt")));
        Assert.Equal(Path.GetFullPath(project), (await File.ReadAllTextAsync(temp.Combine("uv-cwd.txt"))).Trim());
        Assert.Equal([pyproject, Path.Combine(project, "uv.lock")], result.FilesChanged);
        Assert.Contains("embedder: removed https://download.pytorch.org/whl/cpu from deprecated [tool.uv] extra-index-url", result.Notes["pyproject changes"]);
        var torch = Assert.Single(Assert.Single(result.Audits).Rows, r => r.Package == "torch");
        Assert.Equal(AuditVerdict.CpuBuild, torch.Verdict);
        Assert.Null(torch.SizeBytes);

        var uvLock = await File.ReadAllTextAsync(Path.Combine(project, "uv.lock"));
        Assert.Matches(@"^# inputs: sha256:[0-9a-f]{64}\n" + System.Text.RegularExpressions.Regex.Escape(CpuLock), uvLock);

        // Unchanged pyproject, uv and indexes: uv does not run again.
        File.Delete(temp.Combine("uv-args.txt"));
        var again = await new LockCpuRunner().RunAsync(options, CancellationToken.None);
        Assert.True(again.Success);
        Assert.Empty(again.FilesChanged);
        Assert.False(File.Exists(temp.Combine("uv-args.txt")));
        Assert.Equal("up to date (1)", again.Notes["locks"]);
        Assert.Equal(PyprojectCpuIndexRepairTests.Repaired, await File.ReadAllTextAsync(pyproject));

        var forced = await new LockCpuRunner().RunAsync(options with { Force = true }, CancellationToken.None);
        Assert.True(forced.Success);
        Assert.True(File.Exists(temp.Combine("uv-args.txt")));
        Assert.Equal(uvLock, await File.ReadAllTextAsync(Path.Combine(project, "uv.lock")));
    }

    [Fact]
    public async Task Local_indexes_reach_uv_at_run_time_and_never_the_pyproject()
    {
        using var temp = new TempDirectory("lockcpu-uv-local");
        var project = temp.Combine("embedder");
        var pyproject = temp.Write("embedder/pyproject.toml", PyprojectCpuIndexRepairTests.Broken);
        var options = new LockCpuOptions
        {
            ProjectDirectories = [project],
            UvExecutable = FakeUv(temp),
            MirrorIndexUrl = "http://127.0.0.1:3141/pypi/simple/",
            MirrorCpuIndexUrl = "http://127.0.0.1:3141/cpu/simple/",
        };

        var result = await new LockCpuRunner().RunAsync(options, CancellationToken.None);

        Assert.True(result.Success, string.Join("; ", result.Errors));
        Assert.Equal(PyprojectCpuIndexRepairTests.Repaired, await File.ReadAllTextAsync(pyproject));
        Assert.DoesNotContain("127.0.0.1", await File.ReadAllTextAsync(pyproject));
        Assert.Equal(["UV_DEFAULT_INDEX=http://127.0.0.1:3141/pypi/simple/", "UV_INDEX=pytorch-cpu=http://127.0.0.1:3141/cpu/simple/"],
            await File.ReadAllLinesAsync(temp.Combine("uv-env.txt")));

        // A routed index replaces both.
        var routed = await new LockCpuRunner().RunAsync(options with { RoutedIndexUrl = "http://127.0.0.1:8080/routed/simple/" }, CancellationToken.None);
        Assert.True(routed.Success, string.Join("; ", routed.Errors));
        Assert.Equal(["UV_DEFAULT_INDEX=http://127.0.0.1:8080/routed/simple/", "UV_INDEX=pytorch-cpu=http://127.0.0.1:8080/routed/simple/"],
            await File.ReadAllLinesAsync(temp.Combine("uv-env.txt")));
    }

    [Theory]
    [InlineData("http://127.0.0.1:3141/cpu/simple/")]
    [InlineData("http://localhost:3141/cpu/simple/")]
    [InlineData("file:///srv/wheels/cpu")]
    public async Task A_machine_local_cpu_index_is_refused_before_any_file_is_written(string local)
    {
        using var temp = new TempDirectory("lockcpu-local-cpu");
        var pyproject = temp.Write("svc/pyproject.toml", PyprojectCpuIndexRepairTests.Broken);
        var options = new LockCpuOptions { ProjectDirectories = [temp.Combine("svc")], UvExecutable = FakeUv(temp), CpuIndexUrl = local };

        var result = await new LockCpuRunner().RunAsync(options, CancellationToken.None);

        Assert.False(result.Success);
        Assert.StartsWith($"LockCpuOptions.CpuIndexUrl '{local}': expected ", Assert.Single(result.Errors));
        Assert.Equal(PyprojectCpuIndexRepairTests.Broken, await File.ReadAllTextAsync(pyproject));
        Assert.False(File.Exists(temp.Combine("uv-args.txt")));
    }

    [Fact]
    public async Task Missing_uv_gives_one_clear_error()
    {
        using var temp = new TempDirectory("lockcpu-nouv");
        temp.Write("svc/pyproject.toml", PyprojectCpuIndexRepairTests.Broken);
        var options = new LockCpuOptions { ProjectDirectories = [temp.Combine("svc")], UvExecutable = "uv-not-installed-here" };

        var result = await new LockCpuRunner().RunAsync(options, CancellationToken.None);

        Assert.False(result.Success);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("uv was not found ('uv-not-installed-here'", error);
        Assert.Contains("install uv", error);

        var lenient = await new LockCpuRunner().RunAsync(options with { RequireUv = false }, CancellationToken.None);
        Assert.True(lenient.Success);
        Assert.Empty(lenient.Audits);
        Assert.Equal(PyprojectCpuIndexRepairTests.Repaired, await File.ReadAllTextAsync(temp.Combine("svc", "pyproject.toml")));
    }

    [Fact]
    public async Task Check_changes_nothing_and_runs_no_tool()
    {
        using var temp = new TempDirectory("lockcpu-check");
        var pyproject = temp.Write("svc/pyproject.toml", PyprojectCpuIndexRepairTests.Broken);
        var uvLock = temp.Write("svc/uv.lock", CpuLock);
        var options = new LockCpuOptions { Check = true, ProjectDirectories = [temp.Combine("svc")], UvExecutable = FakeUv(temp) };

        var result = await new LockCpuRunner().RunAsync(options, CancellationToken.None);

        Assert.True(result.Success);
        Assert.Empty(result.FilesChanged);
        Assert.Equal(PyprojectCpuIndexRepairTests.Broken, await File.ReadAllTextAsync(pyproject));
        Assert.Equal(CpuLock, await File.ReadAllTextAsync(uvLock));
        Assert.False(File.Exists(temp.Combine("uv-args.txt")));
        Assert.False(File.Exists(pyproject + ".bak"));
        Assert.Single(result.Audits);
        Assert.Equal(pyproject, result.Notes["pyprojects to repair"]);
    }

    [Fact]
    public async Task Requirements_service_is_locked_with_real_pip_then_audited()
    {
        using var temp = new TempDirectory("lockcpu-pip");
        var main = Pip.TestWheels.SimpleIndex(temp.Combine("main"), ("torch", "2.6.0", ["triton"]), ("triton", "3.2.0", []), ("app", "1.0", ["torch"]));
        var cpu = Pip.TestWheels.SimpleIndex(temp.Combine("cpu"), ("torch", "2.5.1+cpu", []));
        temp.Write("svc/requirements.txt", "app==1.0\ntorch\n");
        var started = 0;
        var options = new LockCpuOptions
        {
            ProjectDirectories = [temp.Combine("svc")],
            MirrorIndexes = _ => { started++; return Task.FromResult((main, cpu)); },
        };

        var result = await new LockCpuRunner().RunAsync(options, CancellationToken.None);

        Assert.True(result.Success, string.Join("; ", result.Errors));
        var lockPath = temp.Combine("svc", "requirements.lock");
        Assert.Equal([lockPath, temp.Combine("svc", "pylock.toml")], result.FilesChanged);
        var audit = Assert.Single(result.Audits);
        Assert.Equal(lockPath, audit.LockPath);
        Assert.Equal(["app 1.0 ok", "torch 2.5.1+cpu cpu build"],
            audit.Rows.Select(r => $"{r.Package} {r.Version} {AuditTableFormatter.VerdictText(r.Verdict)}"));
        Assert.Equal(1, started);

        // Up to date: the mirrors are not even started.
        var again = await new LockCpuRunner().RunAsync(options, CancellationToken.None);
        Assert.True(again.Success, string.Join("; ", again.Errors));
        Assert.Equal("up to date (1)", again.Notes["locks"]);
        Assert.Equal(1, started);
    }

    [FixtureFact]
    public async Task Check_audits_seed_stack_requirements_in_place()
    {
        var options = new LockCpuOptions
        {
            Check = true,
            RequirementsFileName = "requirements.before.txt",
            ProjectDirectories = [RepoPaths.Fixture("seed-stack", "aidb"), RepoPaths.Fixture("seed-stack", "ralph-wiggum")],
        };

        var result = await new LockCpuRunner().RunAsync(options, CancellationToken.None);

        Assert.True(result.Success, string.Join("; ", result.Errors));
        Assert.Equal(2, result.Audits.Count);
        Assert.Contains(result.Audits[0].Rows, r => r is { Package: "torch", Version: "2.9.1+cpu", Verdict: AuditVerdict.CpuBuild });
    }

    [Fact]
    public async Task Cuda_torch_pin_in_requirements_fails_check()
    {
        using var temp = new TempDirectory("lockcpu-cuda");
        temp.Write("svc/requirements.txt", "fastapi==0.115.0\ntorch==2.5.1\n");

        var result = await new LockCpuRunner().RunAsync(new LockCpuOptions { Check = true, ProjectDirectories = [temp.Combine("svc")] }, CancellationToken.None);

        Assert.False(result.Success);
        Assert.Contains(result.Audits.Single().Rows, r => r is { Package: "torch", Verdict: AuditVerdict.Cuda });
    }

    [Fact]
    public async Task Bad_requirement_line_is_one_error_with_file_and_line()
    {
        using var temp = new TempDirectory("lockcpu-bad");
        var requirements = temp.Write("svc/requirements.txt", "# deps\nfastapi==0.115.0\nnot a requirement!\n");

        var result = await new LockCpuRunner().RunAsync(new LockCpuOptions { Check = true, ProjectDirectories = [temp.Combine("svc")] }, CancellationToken.None);

        Assert.False(result.Success);
        Assert.StartsWith($"{requirements}:3: bad requirement 'not a requirement!'", Assert.Single(result.Errors));
    }

    [Fact]
    public async Task Malformed_lock_is_one_error_with_file_and_line()
    {
        using var temp = new TempDirectory("lockcpu-badlock");
        var lockPath = temp.Write("uv.lock", "version = 1\n\n[[package]]\nname = \"x\nversion = \"1\"\n");

        var result = await new LockCpuRunner().RunAsync(new LockCpuOptions { Check = true, LockFiles = [lockPath] }, CancellationToken.None);

        Assert.False(result.Success);
        Assert.Matches($@"^{System.Text.RegularExpressions.Regex.Escape(lockPath)}:4: invalid TOML: ", Assert.Single(result.Errors));
    }
}
