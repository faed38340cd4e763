using CsCheck;
using Pipeline.Python.Conda;
using Pipeline.Python.Locks;
using Pipeline.Python.Uv;
using Pipeline.Testing;

namespace Pipeline.Python.Tests.Locks;

/// <summary>
/// Property tests (CsCheck) of every Python packaging reader on mutated files and binary garbage: each input is read
/// or rejected with one <see cref="PythonInputException"/> whose message is one line naming the file (and line when
/// known) — never another exception. The pyproject repair, where it reads a file, changes nothing the second time.
/// One thread: the machine is shared.
/// </summary>
public sealed class InputPropertyTests
{
    private const string Pylock = """
        lock-version = "1.0"
        created-by = "pipeline"
        requires-python = ">=3.11"

        [[packages]]
        name = "torch"
        version = "2.5.1+cpu"
        index = "https://download.pytorch.org/whl/cpu"
        wheels = [{ name = "torch-2.5.1+cpu-cp311-cp311-linux_x86_64.whl", url = "https://download.pytorch.org/whl/cpu/torch-2.5.1%2Bcpu-cp311-cp311-linux_x86_64.whl", size = 1234, hashes = { sha256 = "ab12" } }]

        [[packages]]
        name = "numpy"
        version = "2.1.3"
        marker = "python_version < '3.12'"
        sdist = { url = "https://files.example/numpy-2.1.3.tar.gz", hashes = { sha256 = "cd34" } }
        """;

    private const string UvLock = """
        version = 1
        requires-python = ">=3.11"

        [[package]]
        name = "fastapi"
        version = "0.115.6"
        source = { registry = "https://pypi.org/simple" }
        dependencies = [{ name = "starlette" }]
        wheels = [{ url = "https://files.example/fastapi-0.115.6-py3-none-any.whl", hash = "sha256:ef56", size = 94 }]
        """;

    private const string RequirementsLock = """
        # pipeline: inputs sha256=00ff python=3.11
        fastapi==0.115.6 \
            --hash=sha256:ef56
        torch==2.5.1+cpu ; python_version < "3.13" \
            --hash=sha256:ab12
        --index-url http://127.0.0.1:1/simple/
        """;

    private const string Environment = """
        name: embedder
        channels:
          - pytorch
          - conda-forge
        dependencies:
          - python=3.11
          - pytorch=2.5.1
          - cpuonly
          - pip:
              - fastapi==0.115.6
        """;

    private static readonly string Pyproject =
        File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Pipeline.Python.Tests", "Inputs", "seed-004", "pyproject.toml"));

    private static void ReadOrReject(Action read, string file, ref int ok, ref int rejected)
    {
        try
        {
            read();
            ok++;
        }
        catch (PythonInputException e)
        {
            rejected++;
            // "(repaired)": the pyproject repair re-reads what it would write and refuses, naming that text's line,
            // when its edit of a damaged file would not be valid TOML (found in CI, seed 132QG9j8GJy1: a dotted
            // `index.strategy` key beside the [[tool.uv.index]] table the repair adds); the file stays untouched.
            Assert.Matches("^" + System.Text.RegularExpressions.Regex.Escape(file) + @"( \(repaired\))?:", e.Message);
            Assert.False(e.Message.Contains('\n') || e.Message.Contains('\r'), "multi-line error: " + e.Message);
            Assert.NotEmpty(e.Problem);
        }
    }

    private static void Property(string seed, string file, Action<string> read, params string[] heads)
    {
        var (ok, rejected) = (0, 0);
        TextMutations.Mutated(Gen.Const(seed), heads).Sample(text => ReadOrReject(() => read(text), file, ref ok, ref rejected), iter: 300, threads: 1);
        TextMutations.BinaryFile.Sample(text => ReadOrReject(() => read(text), file, ref ok, ref rejected), iter: 100, threads: 1);

        // The seed itself is read, and mutations were rejected: both halves of the property were exercised.
        read(seed);
        Assert.True(rejected > 20, $"{ok} read, {rejected} rejected");
    }

    [Fact]
    public void Pylock_files() => Property(Pylock, "gen/pylock.toml", text => PylockReader.Read(text, "gen/pylock.toml"), "[[packages]]", "name = \"", "wheels = [{");

    [Fact]
    public void Uv_locks() => Property(UvLock, "gen/uv.lock", text => UvLockReader.Read(text, "gen/uv.lock"), "[[package]]", "version = ", "source = {");

    [Fact]
    public void Requirements_locks() => Property(RequirementsLock, "gen/requirements.lock",
        text => RequirementsLockReader.Read(text, "gen/requirements.lock"), "torch==", "-r ", "--hash=sha256:", "x ; ");

    [Fact]
    public void Conda_environment_files() => Property(Environment, "gen/environment.yml",
        text => CondaEnvironmentReader.Read(text, "gen/environment.yml"), "  - ", "channels: ", "dependencies:");

    [Fact]
    public void A_flow_sequence_yamldotnet_cannot_scan_is_one_line_with_the_file()
    {
        // Found by Conda_environment_files (seed 9iooUwi2bAO1): YamlDotNet's scanner threw InvalidOperationException.
        var e = Assert.Throws<PythonInputException>(() => CondaEnvironmentReader.Read(
            "name: x\ndependencies: [J\u0090\u0008\u00ab\u0007\n\u00aa\u0005\"numpy\"]\n", "gen/environment.yml"));

        Assert.StartsWith("gen/environment.yml:", e.Message);
        Assert.IsType<InvalidOperationException>(e.InnerException);
    }

    [Fact]
    public void Pyproject_repair_is_idempotent_where_it_reads_the_file() => Property(Pyproject, "gen/pyproject.toml", text =>
    {
        var once = PyprojectCpuIndexRepair.Repair(text, "gen/pyproject.toml", CpuIndexSettings.Default);
        var twice = PyprojectCpuIndexRepair.Repair(once.Text, "gen/pyproject.toml", CpuIndexSettings.Default);
        Assert.Equal(once.Text, twice.Text);
        Assert.False(twice.Changed, "second repair changed: " + string.Join("; ", twice.Changes));
    }, "[tool.uv]", "torch = { index = \"", "extra-index-url = [\"");
}
