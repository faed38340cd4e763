using Pipeline.Dockerfiles.ConfigurePip;
using Pipeline.Dockerfiles.Shell;
using Pipeline.Dockerfiles.Syntax;
using Pipeline.Dockerfiles.Uv;
using Pipeline.Testing;

namespace Pipeline.Dockerfiles.Tests.ConfigurePip;

/// <summary>uv in ConfigurePip (issue 18). uv itself cannot run here (not installable offline): these tests check the rewritten files.</summary>
public sealed class UvTests
{
    private static async Task<(ConfigurePipResult First, ConfigurePipResult Second, string Text)> RunTwice(string path, string context)
    {
        var options = new ConfigurePipOptions { Dockerfiles = [new DockerfileTarget(path, context)], CacheMounts = CacheMountMode.On };
        var first = await new ConfigurePipRunner().RunAsync(options, CancellationToken.None);
        var once = await File.ReadAllBytesAsync(path);
        var second = await new ConfigurePipRunner().RunAsync(options, CancellationToken.None);
        Assert.Equal(once, await File.ReadAllBytesAsync(path));
        return (first, second, await File.ReadAllTextAsync(path));
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [Fact]
    public async Task Micromamba_and_uv_project_gets_hardened_uv_steps_and_current_index_variables()
    {
        using var temp = new TempDirectory();
        CopyDirectory(Path.Combine(RepoPaths.Root, "tests", "Pipeline.Dockerfiles.Tests", "Data", "uv-micromamba"), temp.Path);
        var path = temp.Combine("Dockerfile");

        var (first, second, text) = await RunTwice(path, temp.Path);

        Assert.Equal(FileStatus.Changed, first.Files[0].Status);
        var rows = first.Rows.Select(r => $"{r.Stage}:{r.Line} {r.Kind} {r.Change}").ToList();
        const string mount = "RUN --mount=type=cache,target=/home/mambauser/.cache/uv,uid=57439,gid=57439";
        Assert.Contains("builder:12 Modified ENV UV_EXTRA_INDEX_URL -> ARG UV_INDEX=https://download.pytorch.org/whl/cpu", rows);
        Assert.Contains("builder:13 Removed ENV PIP_EXTRA_INDEX_URL", rows);
        Assert.Contains("builder:13 Note CPU torch first instead of a pooled extra index", rows);
        Assert.Contains("builder:19 Added ENV UV_HTTP_TIMEOUT=300 UV_LINK_MODE=copy", rows);
        Assert.Contains($"builder:19 Modified {mount}", rows);
        Assert.Contains($"builder:23 Modified {mount}", rows);
        Assert.Equal(FileStatus.Unchanged, second.Files[0].Status);
        Assert.All(second.Rows, r => Assert.Equal(ChangeKind.Note, r.Kind));
        Assert.Contains(second.Rows, r => r.Change == "UV_INDEX names the PyTorch index");

        var document = DockerfileParser.Parse(text);
        var builder = document.Stages[0];
        var uvRuns = builder.Instructions.Where(i => RunScript.Of(i).Any(s => UvInvocationFinder.FindAll(s.Commands).Count > 0)).ToList();
        Assert.Equal(2, uvRuns.Count);
        Assert.All(uvRuns, run => Assert.Contains("type=cache,target=/home/mambauser/.cache/uv,uid=57439,gid=57439", run.FlagValues("mount")));
        var env = builder.Instructions.Where(i => i.Command == "ENV").SelectMany(i => i.KeyValues).ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("300", env["UV_HTTP_TIMEOUT"]);
        Assert.Equal("copy", env["UV_LINK_MODE"]);
        Assert.Equal("1", env["PYTHONDONTWRITEBYTECODE"]);
        Assert.False(env.ContainsKey("UV_EXTRA_INDEX_URL"));
        Assert.False(env.ContainsKey("PIP_EXTRA_INDEX_URL"));
        Assert.Contains("UV_INDEX=https://download.pytorch.org/whl/cpu", builder.Instructions.Where(i => i.Command == "ARG").SelectMany(i => i.Arguments));
        // The final stage runs no uv and is left as written.
        Assert.EndsWith("FROM mambaorg/micromamba:1.5.10\nCOPY --from=builder /opt/conda /opt/conda\nCOPY --from=builder /app /app\nWORKDIR /app\nENV PATH=/app/.venv/bin:$PATH\nCMD [\"python\", \"-m\", \"app\"]\n", text);
        Assert.Contains("# CPU wheels only (no CUDA in this image)\nARG UV_INDEX=https://download.pytorch.org/whl/cpu\nENV \\\n    PYTHONDONTWRITEBYTECODE=1\n", text);
    }

    [Fact]
    public async Task Root_uv_steps_get_roots_cache_and_lose_no_cache()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("Dockerfile",
            "FROM python:3.12-slim\nARG UV_INDEX_URL=https://pypi.org/simple\nENV UV_NO_CACHE=1\n"
            + "RUN uv pip install --system --no-cache -r requirements.txt\nRUN sh -c 'uv tool install ruff' && uv add httpx\n");

        var (first, _, text) = await RunTwice(path, temp.Path);

        Assert.Equal("FROM python:3.12-slim\nARG UV_DEFAULT_INDEX=https://pypi.org/simple\n"
            + "# ConfigurePip: uv timeout for slow networks; copy mode for installs from the cache mount\nENV UV_HTTP_TIMEOUT=300 UV_LINK_MODE=copy\n"
            + "RUN --mount=type=cache,target=/root/.cache/uv uv pip install --system -r requirements.txt\n"
            + "RUN --mount=type=cache,target=/root/.cache/uv sh -c 'uv tool install ruff' && uv add httpx\n", text);
        Assert.Contains(first.Rows, r => r.Kind == ChangeKind.Removed && r.Change == "ENV UV_NO_CACHE");
        Assert.Contains(first.Rows, r => r.Kind == ChangeKind.Removed && r.Change == "uv --no-cache");
        Assert.Contains(first.Rows, r => r.Kind == ChangeKind.Modified && r.Change == "ARG UV_INDEX_URL -> ARG UV_DEFAULT_INDEX=https://pypi.org/simple");
    }

    [Fact]
    public async Task An_env_that_a_later_stage_inherits_stays_env_and_an_unknown_user_gets_no_mount()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("Dockerfile",
            "FROM python:3.12 AS base\nENV UV_EXTRA_INDEX_URL=https://mirror.local/simple\nFROM base\nUSER app\nRUN uv sync --frozen\n");

        var (first, _, text) = await RunTwice(path, temp.Path);

        Assert.StartsWith("FROM python:3.12 AS base\nENV UV_INDEX=https://mirror.local/simple\nFROM base\nUSER app\n", text);
        Assert.Contains(first.Rows, r => r.Kind == ChangeKind.Note && r.Change == "no uv cache mount" && r.Reason.Contains("USER app", StringComparison.Ordinal));
        Assert.DoesNotContain("--mount", text);
        Assert.Contains("ENV UV_HTTP_TIMEOUT=300\n", text);
    }

    [Theory]
    [InlineData("uv sync --frozen", "sync")]
    [InlineData("/bin/uv --no-cache pip install -r r.txt", "pip install")]
    [InlineData("python3 -m uv tool install ruff", "tool install")]
    [InlineData("eval \"$(micromamba shell hook --shell bash)\" && micromamba activate base && uv add x", "add")]
    [InlineData("micromamba run -n base uv pip sync requirements.txt", "pip sync")]
    [InlineData("env UV_SYSTEM_PYTHON=1 uv pip install x", "pip install")]
    [InlineData("bash -ec \"cd /app; uv sync\"", "sync")]
    [InlineData("eval uv sync", "sync")]
    public void Finds_downloading_uv_commands(string script, string subcommand) =>
        Assert.Equal(subcommand, Assert.Single(UvInvocationFinder.FindAll(ShellScriptParser.Parse(script))).Subcommand);

    [Theory]
    [InlineData("uv --version")]
    [InlineData("uv run app")]
    [InlineData("echo uv sync")]
    [InlineData("pip install uv")]
    [InlineData("sh script.sh uv sync")]
    public void Ignores_what_downloads_nothing(string script) =>
        Assert.Empty(UvInvocationFinder.FindAll(ShellScriptParser.Parse(script)));
}

/// <summary>pip found the way uv is: inside eval and sh -c, and behind micromamba run.</summary>
public sealed class NestedPipTests
{
    [Fact]
    public async Task Pip_inside_sh_c_gets_the_cache_mount_and_notes_for_what_cannot_be_edited()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("Dockerfile", "FROM python:3.12\nRUN sh -c \"pip install --no-cache-dir torch==2.5.1\"\n");
        var options = new ConfigurePipOptions { Dockerfiles = [new DockerfileTarget(path, temp.Path)], CacheMounts = CacheMountMode.On };

        var result = await new ConfigurePipRunner().RunAsync(options, CancellationToken.None);
        var text = await File.ReadAllTextAsync(path);

        Assert.Contains("RUN --mount=type=cache,target=/root/.cache/pip sh -c \"pip install --no-cache-dir torch==2.5.1\"\n", text);
        Assert.Contains("ENV PIP_DEFAULT_TIMEOUT=300 PIP_RETRIES=10\n", text);
        Assert.Contains(result.Rows, r => r.Kind == ChangeKind.Note && r.Change == "--no-cache-dir kept");
        Assert.Contains(result.Rows, r => r.Kind == ChangeKind.Note && r.Change == "CPU torch not added");
        Assert.DoesNotContain("PIP_TORCH_INDEX_URL", text);
    }

    [Fact]
    public async Task Pip_behind_micromamba_run_gets_its_cpu_torch_step_through_the_same_runner()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("Dockerfile", "FROM python:3.12\nRUN micromamba run -n base pip install torch==2.5.1\n");
        var options = new ConfigurePipOptions { Dockerfiles = [new DockerfileTarget(path, temp.Path)], CacheMounts = CacheMountMode.On };

        await new ConfigurePipRunner().RunAsync(options, CancellationToken.None);
        var text = await File.ReadAllTextAsync(path);

        Assert.Contains("PIP_EXTRA_INDEX_URL= micromamba run -n base pip install --index-url \"${PIP_TORCH_INDEX_URL}\" torch==2.5.1\n", text);
    }

    [Theory]
    [InlineData("eval \"pip install x\"")]
    [InlineData("bash -c 'cd /app && pip3 install -r r.txt'")]
    [InlineData("conda run -n env python -m pip install x")]
    public void Finds_pip_in_nested_commands(string script) =>
        Assert.Single(Pipeline.Dockerfiles.Pip.PipInvocationFinder.FindAll(ShellScriptParser.Parse(script)));
}
