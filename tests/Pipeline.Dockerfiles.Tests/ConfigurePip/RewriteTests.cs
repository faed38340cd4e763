using Pipeline.Dockerfiles.ConfigurePip;
using Pipeline.Dockerfiles.Pip;
using Pipeline.Dockerfiles.Shell;
using Pipeline.Dockerfiles.Syntax;
using Pipeline.Testing;

namespace Pipeline.Dockerfiles.Tests.ConfigurePip;

/// <summary>ConfigurePip on small hand-written Dockerfiles in real temp build contexts.</summary>
public sealed class RewriteTests
{
    private static async Task<(ConfigurePipResult Result, string Text)> Run(TempDirectory temp, string dockerfile, Func<ConfigurePipOptions, ConfigurePipOptions>? tune = null, string name = "Dockerfile")
    {
        var path = temp.Write(name, dockerfile);
        var options = new ConfigurePipOptions { Dockerfiles = [new DockerfileTarget(path, temp.Path)], CacheMounts = CacheMountMode.On };
        options = tune is null ? options : tune(options);
        var result = await new ConfigurePipRunner().RunAsync(options, CancellationToken.None);
        if (!options.DryRun && result.Success)
        {
            // Every case is also an idempotence case: a second run changes nothing.
            var once = await File.ReadAllBytesAsync(path);
            var second = await new ConfigurePipRunner().RunAsync(options, CancellationToken.None);
            Assert.Equal(FileStatus.Unchanged, second.Files[0].Status);
            Assert.DoesNotContain(second.Rows, r => r.Kind != ChangeKind.Note);
            Assert.Equal(once, await File.ReadAllBytesAsync(path));
        }
        return (result, await File.ReadAllTextAsync(path));
    }

    private static List<PipInvocation> Installs(DockerfileDocument document, int stage = 0) =>
        document.Stages[stage].Instructions.SelectMany(RunScript.Of).SelectMany(s => PipInvocationFinder.FindAll(s.Commands)).ToList();

    private static Instruction RunOf(DockerfileDocument document, PipInvocation pip) =>
        document.Instructions.First(i => RunScript.Of(i).Any(s => PipInvocationFinder.FindAll(s.Commands).Any(p => p.Install.Start == pip.Install.Start && p.Specs.Count == pip.Specs.Count)));

    [Fact]
    public async Task Dry_run_writes_nothing_and_returns_a_unified_diff()
    {
        using var temp = new TempDirectory();
        const string original = "FROM python:3.12\nRUN pip install --no-cache-dir flask\n";

        var (result, text) = await Run(temp, original, o => o with { DryRun = true });

        Assert.Equal(original, text);
        Assert.False(File.Exists(temp.Combine("Dockerfile.bak")));
        var diff = result.Files[0].Diff;
        Assert.Contains("@@ -1,2 +1,7 @@", diff);
        Assert.Contains("-RUN pip install --no-cache-dir flask", diff);
        Assert.Contains("+RUN --mount=type=cache,target=/root/.cache/pip pip install flask", diff);
        Assert.Equal(FileStatus.Changed, result.Files[0].Status);
        Assert.Equal("dry run (nothing written)", result.Notes["Mode"]);
    }

    [Fact]
    public async Task Write_keeps_a_backup_and_leaves_no_temporary_files()
    {
        using var temp = new TempDirectory();
        const string original = "FROM python:3.12\nRUN pip install flask\n";

        var (result, text) = await Run(temp, original);

        Assert.NotEqual(original, text);
        Assert.Equal(original, await File.ReadAllTextAsync(temp.Combine("Dockerfile.bak")));
        Assert.Equal(["Dockerfile", "Dockerfile.bak"], Directory.GetFiles(temp.Path).Select(Path.GetFileName).Order());
        Assert.True(result.Success);
    }

    [Fact]
    public async Task Broken_Dockerfile_is_reported_and_left_untouched_while_others_are_processed()
    {
        using var temp = new TempDirectory();
        var broken = temp.Write("broken/Dockerfile", "FROM python\n\nENV PIP_TIMEOUT\nRUN pip install x\n");
        var good = temp.Write("good/Dockerfile", "FROM python\nRUN pip install x\n");
        var options = new ConfigurePipOptions { Dockerfiles = [new(broken, temp.Path), new(good, temp.Path)], CacheMounts = CacheMountMode.On };

        var result = await new ConfigurePipRunner().RunAsync(options, CancellationToken.None);

        Assert.False(result.Success);
        Assert.Equal(FileStatus.Failed, result.Files[0].Status);
        Assert.StartsWith($"{broken}:3: ENV must have two arguments", result.Files[0].Error);
        Assert.Equal("FROM python\n\nENV PIP_TIMEOUT\nRUN pip install x\n", await File.ReadAllTextAsync(broken));
        Assert.False(File.Exists(broken + ".bak"));
        Assert.Equal(FileStatus.Changed, result.Files[1].Status);
        Assert.Equal("1", result.Notes["Failed"]);
    }

    [Theory]
    [InlineData(CacheMountMode.Off, true)]
    [InlineData(CacheMountMode.Auto, false)]
    public async Task Without_cache_mounts_no_cache_dir_stays_and_no_mount_is_added(CacheMountMode mode, bool engineSupports)
    {
        using var temp = new TempDirectory();

        var (_, text) = await Run(temp, "FROM python\nRUN pip install --no-cache-dir torch==2.5.1 numpy\n",
            o => o with { CacheMounts = mode, EngineSupportsCacheMounts = engineSupports });

        var document = DockerfileParser.Parse(text);
        Assert.All(document.Instructions, i => Assert.Empty(i.FlagValues("mount")));
        var installs = Installs(document);
        Assert.Equal(2, installs.Count);
        Assert.All(installs, i => Assert.True(i.NoCacheDir));
        Assert.Equal(["torch==2.5.1"], installs[0].Specs.Select(s => s.Value));
    }

    [Fact]
    public async Task Auto_with_a_capable_engine_adds_the_mount()
    {
        using var temp = new TempDirectory();

        var (_, text) = await Run(temp, "FROM python\nRUN pip install x\n", o => o with { CacheMounts = CacheMountMode.Auto, EngineSupportsCacheMounts = true });

        Assert.Equal(["type=cache,target=/root/.cache/pip"], DockerfileParser.Parse(text).Instructions[^1].FlagValues("mount"));
    }

    [Fact]
    public async Task Crlf_file_keeps_crlf_everywhere()
    {
        using var temp = new TempDirectory();
        const string original = "FROM python\r\nENV PIP_PARALLEL_BUILDS=4 \\\r\n    A=1\r\nCOPY requirements.txt .\r\nRUN pip install \\\r\n    --no-cache-dir \\\r\n    -r requirements.txt\r\n";
        temp.Write("requirements.txt", "sentence-transformers==3.0.1\n");

        var (_, text) = await Run(temp, original);

        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal));
        var document = DockerfileParser.Parse(text);
        var installs = Installs(document);
        Assert.Equal(["torch"], installs[0].Specs.Select(s => s.Value));
        Assert.False(installs[1].NoCacheDir);
        Assert.Equal(["requirements.txt"], installs[1].RequirementFiles);
        Assert.Equal([KeyValuePair.Create("A", "1")], document.Instructions[1].KeyValues);
    }

    [Fact]
    public async Task Backtick_escape_file_is_edited_with_its_own_continuations()
    {
        using var temp = new TempDirectory();
        const string original = "# escape=`\nFROM python\nENV HTTP_TIMEOUT=300 `\n    PIP_PARALLEL_BUILDS=4 `\n    KEEP=C:\\x\\\nRUN pip install `\n    --no-cache-dir `\n    flask\n";

        var (_, text) = await Run(temp, original);

        var document = DockerfileParser.Parse(text);
        Assert.Equal('`', document.Directives.EscapeToken);
        Assert.Equal([KeyValuePair.Create("KEEP", "C:\\x\\")], document.Instructions.First(i => i.Command == "ENV" && i.KeyValues.Any(kv => kv.Key == "KEEP")).KeyValues);
        var install = Installs(document).Single();
        Assert.Equal(["flask"], install.Specs.Select(s => s.Value));
        Assert.False(install.NoCacheDir);
        Assert.Equal("CMD", DockerfileParser.Parse(text + "CMD x\n").Instructions[^1].Command);
    }

    [Fact]
    public async Task No_cache_dir_ending_the_instruction_does_not_swallow_the_next_line()
    {
        using var temp = new TempDirectory();

        var (_, text) = await Run(temp, "FROM python\nRUN pip install flask \\\n    --no-cache-dir\nCMD [\"flask\"]\n");

        var document = DockerfileParser.Parse(text);
        Assert.Equal("CMD", document.Instructions[^1].Command);
        Assert.Equal(["flask"], document.Instructions[^1].Arguments);
        Assert.False(Installs(document).Single().NoCacheDir);
    }

    [Fact]
    public async Task Heredoc_run_is_edited_in_place_and_no_heredoc_is_introduced()
    {
        using var temp = new TempDirectory();

        var (_, text) = await Run(temp, "FROM python\nRUN <<EOF\nset -e\npip install --no-cache-dir \\\n  torch==2.4.0 flask\nEOF\nRUN echo done\n");

        var document = DockerfileParser.Parse(text);
        Assert.Single(document.Instructions, i => i.Heredocs.Count > 0);
        var installs = Installs(document);
        Assert.Equal(2, installs.Count);
        Assert.Equal(["torch==2.4.0"], installs[0].Specs.Select(s => s.Value));
        Assert.Empty(RunOf(document, installs[0]).Heredocs);
        Assert.False(installs[1].NoCacheDir);
        Assert.Single(RunOf(document, installs[1]).FlagValues("mount"));
    }

    [Fact]
    public async Task Specs_on_the_line_are_pinned_and_quoted_for_the_shell()
    {
        using var temp = new TempDirectory();

        var (_, text) = await Run(temp, "FROM python\nRUN pip install --user 'torch>=2.3,<2.6' torchvision==0.20.1 sentence-transformers\n");

        var installs = Installs(DockerfileParser.Parse(text));
        Assert.Equal(["torch>=2.3,<2.6", "torchvision==0.20.1"], installs[0].Specs.Select(s => s.Value));
        Assert.True(installs[0].User);
        Assert.Equal(3, installs[1].Specs.Count);
    }

    [Fact]
    public async Task Nested_requirements_are_followed_through_copied_directories()
    {
        using var temp = new TempDirectory();
        temp.Write("svc/requirements/base.txt", "torch==2.5.1+cpu ; sys_platform == 'linux'\n");
        temp.Write("svc/requirements/prod.txt", "-r base.txt\nflask\n");

        var (result, text) = await Run(temp, "FROM python\nWORKDIR /src\nCOPY svc/ ./\nRUN pip install -r requirements/prod.txt\n");

        var installs = Installs(DockerfileParser.Parse(text));
        Assert.Equal(["torch==2.5.1+cpu"], installs[0].Specs.Select(s => s.Value));
        Assert.Contains(result.Rows, r => r.Reason.Contains("svc/requirements/base.txt:1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Requirements_files_are_read_leniently_so_lines_only_pip_understands_do_not_stop_the_rewrite()
    {
        using var temp = new TempDirectory();
        // Paths, VCS URLs, editables and per-requirement options are pip's business: ConfigurePip reads past them.
        temp.Write("svc/requirements.txt",
            "-e ./lib\n./vendor/pkg\ngit+https://example.org/repo.git\nTorch == 2.5.1+cpu --config-settings x=1\nwheel @ https://example.org/w-1-py3-none-any.whl\nflask\n");

        var (result, text) = await Run(temp, "FROM python\nWORKDIR /src\nCOPY svc/ ./\nRUN pip install -r requirements.txt\n");

        var installs = Installs(DockerfileParser.Parse(text));
        Assert.Equal(["torch==2.5.1+cpu"], installs[0].Specs.Select(s => s.Value));
        Assert.Contains(result.Rows, r => r.Reason.Contains("requirements.txt:4", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_pip_stage_gets_its_own_settings_once()
    {
        using var temp = new TempDirectory();

        var (_, text) = await Run(temp, "FROM python AS a\nRUN pip install x\nRUN pip install y\nFROM python AS b\nRUN echo no pip\nFROM a AS c\nRUN python -m pip install z\n");

        var document = DockerfileParser.Parse(text);
        int EnvCount(BuildStage s) => s.Instructions.Count(i => i.Command == "ENV" && i.KeyValues.Any(kv => kv.Key == "PIP_DEFAULT_TIMEOUT"));
        Assert.Equal([1, 0, 0], document.Stages.Select(EnvCount));
        Assert.Equal([3, 0, 3], document.Stages.Select(s => s.Instructions.Count(i => i.Command == "ARG")));
        Assert.True(document.Stages[2].Instructions.All(i => i.Command != "RUN" || i.FlagValues("mount").Any()));
    }

    [Fact]
    public async Task Parameters_are_honoured()
    {
        using var temp = new TempDirectory();

        var (_, text) = await Run(temp, "FROM python\nRUN pip install torch\n", o => o with
        {
            TimeoutSeconds = 900,
            Retries = 12,
            TorchCpuIndexUrl = "http://mirror.local/torch-cpu",
            TorchIndexArg = "TORCH_INDEX",
            CacheTarget = "/home/app/.cache/pip",
        });

        var document = DockerfileParser.Parse(text);
        var env = document.Instructions.Where(i => i.Command == "ENV").SelectMany(i => i.KeyValues).ToDictionary();
        Assert.Equal("900", env["PIP_DEFAULT_TIMEOUT"]);
        Assert.Equal("12", env["PIP_RETRIES"]);
        Assert.Contains(document.Instructions, i => i.Command == "ARG" && i.Arguments.SequenceEqual(["TORCH_INDEX=http://mirror.local/torch-cpu"]));
        Assert.Equal("${TORCH_INDEX}", Installs(document)[0].IndexUrl);
        Assert.All(document.Instructions.Where(i => i.Command == "RUN"), i => Assert.Equal(["type=cache,target=/home/app/.cache/pip"], i.FlagValues("mount")));
    }

    [Fact]
    public async Task Existing_settings_are_kept_and_cache_disablers_removed()
    {
        using var temp = new TempDirectory();

        var (result, text) = await Run(temp, "FROM python\nARG PIP_INDEX_URL\nENV PIP_DEFAULT_TIMEOUT=60 PIP_NO_CACHE_DIR=1\nRUN pip install --retries 2 x\n");

        var document = DockerfileParser.Parse(text);
        var env = document.Instructions.Where(i => i.Command == "ENV").SelectMany(i => i.KeyValues).ToList();
        Assert.Equal([KeyValuePair.Create("PIP_DEFAULT_TIMEOUT", "60")], env);
        Assert.Equal(1, document.Instructions.Count(i => i.Command == "ARG" && i.Arguments[0] == "PIP_INDEX_URL"));
        Assert.Contains(result.Rows, r => r.Change == "ENV PIP_NO_CACHE_DIR" && r.Kind == ChangeKind.Removed);
    }

    [Fact]
    public async Task Stages_without_pip_are_left_alone()
    {
        using var temp = new TempDirectory();
        const string original = "FROM node\nRUN npm ci # pip install is not run here\n";

        var (result, text) = await Run(temp, original);

        Assert.Equal(original, text);
        Assert.Equal(FileStatus.Unchanged, result.Files[0].Status);
        Assert.Empty(result.Rows);
    }

    [Fact]
    public async Task Dead_settings_in_old_env_form_and_args_are_removed_whole_and_explained()
    {
        using var temp = new TempDirectory();

        var (result, text) = await Run(temp, "ARG HTTP_TIMEOUT=1\nFROM python\nENV HTTP_TIMEOUT 300\nARG PIP_PARALLEL_BUILDS=4 KEEP=1\nRUN echo hi\n");

        var document = DockerfileParser.Parse(text);
        Assert.Equal(["FROM", "ARG", "RUN"], document.Instructions.Select(i => i.Command));
        Assert.Equal(["KEEP=1"], document.Instructions[1].Arguments);
        Assert.Equal(3, result.Rows.Count(r => r.Kind == ChangeKind.Removed));
        Assert.Contains(result.Rows, r => r.Stage == "global" && r.Line == 1);
    }

    [Theory]
    [InlineData("RUN python -m venv /v && /v/bin/pip install -r r.txt", "/v/bin/pip", "python")]
    [InlineData("RUN apt-get update && apt-get install -y python3-pip && pip3 install -r r.txt", "pip3", "apt-get")]
    [InlineData("RUN cd /src; pip install -r /r.txt", "pip", "cd")]
    public async Task Cpu_torch_goes_in_the_same_run_when_commands_precede_pip(string run, string launcher, string setup)
    {
        using var temp = new TempDirectory();
        temp.Write("r.txt", "torch==2.5.1\n");

        var (_, text) = await Run(temp, $"FROM python\nCOPY r.txt /\nWORKDIR /\n{run}\n");

        var document = DockerfileParser.Parse(text);
        var installs = Installs(document);
        Assert.Equal(2, installs.Count);
        Assert.Equal("${PIP_TORCH_INDEX_URL}", installs[0].IndexUrl);
        Assert.Equal(["torch==2.5.1"], installs[0].Specs.Select(s => s.Value));
        Assert.Equal(launcher, installs[0].Launcher[0].Value);
        var runs = document.Instructions.Where(i => i.Command == "RUN").ToList();
        var only = Assert.Single(runs);
        var commands = RunScript.Of(only).Single().Commands.Select(c => c.Arguments[0].Value).ToList();
        Assert.True(commands.IndexOf(setup) < commands.IndexOf(launcher), string.Join(" | ", commands));
        Assert.Equal("&&", installs[0].Command.Operator);
        Assert.Contains(document.Instructions, i => i.Command == "ARG" && i.Arguments[0] == "PIP_TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu" && i.StartLine < only.StartLine);
    }

    [Fact]
    public async Task Cpu_torch_is_skipped_with_a_note_when_it_cannot_be_put_before_pip_safely()
    {
        using var temp = new TempDirectory();

        var (result, text) = await Run(temp, "FROM python\nRUN test -x /usr/bin/true || pip install torch==2.5.1\n");

        var install = Assert.Single(Installs(DockerfileParser.Parse(text)));
        Assert.Null(install.IndexUrl);
        Assert.Contains(result.Rows, r => r.Kind == ChangeKind.Note && r.Change == "CPU torch not added" && r.Reason.Contains("'||'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cpu_step_gets_the_installs_constraints_timeout_and_retries()
    {
        using var temp = new TempDirectory();
        temp.Write("c.txt", "torch==2.5.1\n");
        temp.Write("r.txt", "sentence-transformers\n");

        var (_, text) = await Run(temp, "FROM python\nCOPY c.txt r.txt ./\nRUN pip install --timeout 120 --retries=10 -c c.txt -r r.txt\n");

        var document = DockerfileParser.Parse(text);
        var installs = Installs(document);
        Assert.Equal(["torch"], installs[0].Specs.Select(s => s.Value));
        Assert.Equal(["c.txt"], installs[0].ConstraintFiles);
        Assert.Equal("120", installs[0].Timeout);
        Assert.Equal("10", installs[0].Retries);
        Assert.DoesNotContain(document.Instructions, i => i.Command == "ENV"); // every install passes --timeout/--retries
    }

    [Fact]
    public async Task Non_root_user_keeps_no_cache_dir_and_pip_no_cache_dir()
    {
        using var temp = new TempDirectory();

        var (result, text) = await Run(temp, "FROM python\nENV PIP_NO_CACHE_DIR=1\nUSER app\nRUN pip install --no-cache-dir flask\n");

        var document = DockerfileParser.Parse(text);
        Assert.True(Installs(document).Single().NoCacheDir);
        Assert.Contains(document.Instructions, i => i.Command == "ENV" && i.KeyValues.Any(kv => kv.Key == "PIP_NO_CACHE_DIR"));
        Assert.Contains(result.Rows, r => r.Kind == ChangeKind.Note && r.Change == "pip runs as USER app");
        Assert.DoesNotContain(result.Rows, r => r.Kind == ChangeKind.Removed);
    }

    [Fact]
    public async Task Copy_to_a_workdir_without_trailing_slash_is_followed()
    {
        using var temp = new TempDirectory();
        temp.Write("requirements.txt", "torch==2.5.1\n");

        var (result, text) = await Run(temp, "FROM python\nWORKDIR /app\nCOPY requirements.txt /app\nRUN pip install -r /app/requirements.txt\n");

        Assert.Equal(["torch==2.5.1"], Installs(DockerfileParser.Parse(text))[0].Specs.Select(s => s.Value));
        Assert.DoesNotContain(result.Rows, r => r.Change.Contains("not checked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exec_form_run_gets_the_mount_keeps_its_words_and_says_so()
    {
        using var temp = new TempDirectory();

        var (result, text) = await Run(temp, "FROM python\nRUN [\"pip\", \"install\", \"--no-cache-dir\", \"flask\"]\n");

        var run = DockerfileParser.Parse(text).Instructions.Single(i => i.Command == "RUN");
        Assert.True(run.IsJsonForm);
        Assert.Equal(["type=cache,target=/root/.cache/pip"], run.FlagValues("mount"));
        Assert.Equal(["pip", "install", "--no-cache-dir", "flask"], run.Arguments);
        var note = Assert.Single(result.Rows, r => r.Kind == ChangeKind.Note);
        Assert.Equal("--no-cache-dir kept", note.Change);
        Assert.Contains("cache mount is added", note.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removing_one_dead_variable_keeps_the_others_and_comment_lines()
    {
        using var temp = new TempDirectory();

        var (_, text) = await Run(temp, "FROM python\nENV A=1 \\\n    # B is for the app\n    HTTP_TIMEOUT=300 \\\n    B=\"two words\"\nRUN pip install flask\n");

        Assert.Contains("    # B is for the app\n", text, StringComparison.Ordinal);
        var env = DockerfileParser.Parse(text).Instructions.Where(i => i.Command == "ENV").First(i => i.KeyValues.Any(kv => kv.Key == "A"));
        Assert.Equal([KeyValuePair.Create("A", "1"), KeyValuePair.Create("B", "\"two words\"")], env.KeyValues);
    }

    [Theory]
    [InlineData("RUN curl --max-time $HTTP_TIMEOUT http://x")]
    [InlineData("ENV CURL_TIMEOUT=${HTTP_TIMEOUT}")]
    public async Task Dead_variable_that_is_read_is_kept_with_a_note(string use)
    {
        using var temp = new TempDirectory();

        var (result, text) = await Run(temp, $"FROM python\nENV HTTP_TIMEOUT=300\n{use}\nRUN pip install flask\n");

        Assert.Contains(DockerfileParser.Parse(text).Instructions, i => i.Command == "ENV" && i.KeyValues.Any(kv => kv.Key == "HTTP_TIMEOUT"));
        Assert.Contains(result.Rows, r => r.Kind == ChangeKind.Note && r.Change == "ENV HTTP_TIMEOUT kept");
        Assert.DoesNotContain(result.Rows, r => r.Kind == ChangeKind.Removed);
    }

    [Fact]
    public async Task An_unusable_requirements_file_fails_only_its_Dockerfile_and_is_named()
    {
        using var temp = new TempDirectory();
        var requirements = temp.Write("bad/requirements.txt", "-r base\0.txt\nflask\n");
        var bad = temp.Write("bad/Dockerfile", "FROM python\nCOPY bad/requirements.txt .\nRUN pip install -r requirements.txt\n");
        var good = temp.Write("good/Dockerfile", "FROM python\nRUN pip install x\n");
        var options = new ConfigurePipOptions { Dockerfiles = [new(bad, temp.Path), new(good, temp.Path)], CacheMounts = CacheMountMode.On };

        var result = await new ConfigurePipRunner().RunAsync(options, CancellationToken.None);

        Assert.Equal(FileStatus.Failed, result.Files[0].Status);
        Assert.StartsWith($"{requirements}:1: expected a file path after -r", result.Files[0].Error);
        Assert.Equal(FileStatus.Changed, result.Files[1].Status);
    }

    [Fact]
    public async Task An_unwritable_backup_is_named_and_the_Dockerfile_is_left_untouched()
    {
        using var temp = new TempDirectory();
        const string original = "FROM python\nRUN pip install x\n";
        var path = temp.Write("Dockerfile", original);
        Directory.CreateDirectory(path + ".bak");
        var options = new ConfigurePipOptions { Dockerfiles = [new(path, temp.Path)], CacheMounts = CacheMountMode.On };

        var result = await new ConfigurePipRunner().RunAsync(options, CancellationToken.None);

        Assert.Equal(FileStatus.Failed, result.Files[0].Status);
        Assert.StartsWith($"{path}.bak: cannot write the backup", result.Files[0].Error);
        Assert.Equal(original, await File.ReadAllTextAsync(path));
    }
}
