using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using Pipeline.Dockerfiles.ConfigurePip;
using Pipeline.Dockerfiles.Syntax;
using Pipeline.Testing;

namespace Pipeline.Dockerfiles.Tests.ConfigurePip;

/// <summary>
/// Runs the RUN lines of a rewritten Dockerfile with real pip in a venv, against two local indexes: a
/// "mirror" (PIP_INDEX_URL build arg) whose torch is the CUDA-style build, and a CPU index
/// (PIP_TORCH_INDEX_URL build arg) whose torch is <c>+cpu</c>. Proves the later install keeps CPU torch.
/// </summary>
public sealed class RealPipTests
{
    private const string Dockerfile = "FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n";

    [Fact]
    public async Task Later_install_keeps_the_cpu_torch_and_the_mirror_args_are_honoured()
    {
        using var temp = new TempDirectory("pip-real");
        var (mirror, cpu) = Indexes(temp);
        temp.Write("requirements.txt", "torch==2.5.1\nfakeapp==1.0\n");
        var path = temp.Write("Dockerfile", Dockerfile);
        var options = new ConfigurePipOptions { Dockerfiles = [new DockerfileTarget(path, temp.Path)], CacheMounts = CacheMountMode.On, TorchDependents = ["fakeapp"] };
        await new ConfigurePipRunner().RunAsync(options, CancellationToken.None);

        var installed = await RunPipStepsAsync(temp, DockerfileParser.Parse(await File.ReadAllTextAsync(path)), mirror, cpu);

        Assert.Equal("2.5.1+cpu", installed["torch"]);
        Assert.Equal("1.0", installed["fakeapp"]);
    }

    [Fact]
    public async Task Without_the_rewrite_the_mirror_torch_wins()
    {
        using var temp = new TempDirectory("pip-real");
        var (mirror, cpu) = Indexes(temp);
        temp.Write("requirements.txt", "torch==2.5.1\nfakeapp==1.0\n");

        // The original declares no mirror args: the mirror can only come from the builder's own pip config.
        var installed = await RunPipStepsAsync(temp, DockerfileParser.Parse(Dockerfile), mirror, cpu, presetIndex: true);

        Assert.Equal("2.5.1", installed["torch"]);
    }

    private static (string Mirror, string Cpu) Indexes(TempDirectory temp)
    {
        var mirror = new LocalPackageIndex(temp.Combine("mirror")).Add("torch", "2.5.1").Add("fakeapp", "1.0", "torch>=2.0");
        var cpu = new LocalPackageIndex(temp.Combine("cpu")).Add("torch", "2.5.1+cpu");
        return (mirror.Url, cpu.Url);
    }

    /// <summary>
    /// Plays the stage's ARG/ENV/WORKDIR and shell-form RUN lines on the host: `pip` is a fresh venv's pip,
    /// build args are the two index URLs, COPY is already done (the context is the working directory).
    /// </summary>
    private static async Task<Dictionary<string, string>> RunPipStepsAsync(TempDirectory temp, DockerfileDocument document, string mirror, string cpu, bool presetIndex = false)
    {
        var venv = temp.Combine("venv");
        await Cli.Wrap("python3").WithArguments(["-m", "venv", venv]).ExecuteBufferedAsync();
        var buildArgs = new Dictionary<string, string> { ["PIP_INDEX_URL"] = mirror, ["PIP_TORCH_INDEX_URL"] = cpu };
        var env = new Dictionary<string, string?>
        {
            ["PATH"] = $"{venv}/bin:{Environment.GetEnvironmentVariable("PATH")}",
            ["PIP_CONFIG_FILE"] = "/dev/null", // the machine's pip.conf must not add indexes or links
            ["PIP_DISABLE_PIP_VERSION_CHECK"] = "1",
            ["PIP_CACHE_DIR"] = temp.Combine("pip-cache"),
            ["PIP_INDEX_URL"] = presetIndex ? mirror : null,
        };
        foreach (var instruction in document.Stages[0].Instructions)
        {
            switch (instruction.Command)
            {
                case "ARG":
                    foreach (var word in instruction.Arguments)
                    {
                        var name = word.Split('=')[0];
                        var value = buildArgs.GetValueOrDefault(name) ?? (word.Contains('=') ? word[(name.Length + 1)..] : null);
                        if (value is not null)
                            env[name] = value;
                    }
                    break;
                case "ENV":
                    foreach (var (key, value) in instruction.KeyValues)
                        env[key] = value;
                    break;
                case "RUN":
                    var result = await Cli.Wrap("sh").WithArguments(["-c", instruction.ArgumentText]).WithWorkingDirectory(temp.Path)
                        .WithEnvironmentVariables(env).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
                    Assert.True(result.ExitCode == 0, $"{instruction.ArgumentText}\n{result.StandardOutput}\n{result.StandardError}");
                    break;
            }
        }
        var list = await Cli.Wrap($"{venv}/bin/pip").WithArguments(["list", "--format", "json"]).WithEnvironmentVariables(env).ExecuteBufferedAsync();
        return JsonDocument.Parse(list.StandardOutput).RootElement.EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("version").GetString()!);
    }
}
