using System.Diagnostics;
using Pipeline.Build;
using Pipeline.Testing;

namespace Pipeline.Build.Tests;

public class CompletionTests
{
    enum Mode { Fast, Thorough }

    class CompletingBuild : RecordingBuild
    {
        [Parameter("Services")] readonly string[] Services = [];
        [Parameter("Mode")] readonly Mode RunMode = Mode.Fast;
        Target Show => _ => _.Unlisted().Executes(() => Log.Information("{Mode} {Services}", RunMode, Services));
        Target Verify => _ => _.Executes(Record("Verify"));
        Target VerifyAll => _ => _.Executes(Record("VerifyAll"));
        Target Rebuild => _ => _.Executes(Record("Rebuild"));
        Target Hidden => _ => _.Unlisted().Executes(Record("Hidden"));
    }

    [Theory]
    [InlineData("", "Verify VerifyAll Rebuild")]
    [InlineData("ver", "Verify VerifyAll")]
    [InlineData("Verify --serv", "--services")]
    [InlineData("Verify --run-mode ", "Fast Thorough")]
    [InlineData("Verify --run-mode t", "Thorough")]
    [InlineData("--verbosity q", "Quiet")]
    [InlineData("Verify --pla", "--plan")]
    public async Task Candidates_come_from_the_targets_and_parameters(string typed, string expected)
    {
        using var run = new BuildRun();
        var words = typed.Split(' ');
        var result = await run.RunAsync<CompletingBuild>(["--complete", .. words]);
        Assert.Equal(BuildResult.Success, result.ExitCode);
        Assert.Equal(expected.Split(' '), run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(result.Executed());
        Assert.False(File.Exists(run.Root.Combine(".nuke", "temp", "build.log")));
    }

    [Fact]
    public async Task An_unknown_shell_is_one_line()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<CompletingBuild>(["--completion", "fish"]);
        Assert.Equal(BuildResult.InvalidInvocation, result.ExitCode);
        Assert.Equal("error: --completion: 'fish' is not a shell this build completes for (bash, zsh)", run.Output.Trim());
    }

    [Fact]
    public async Task The_bash_script_completes_targets_of_the_real_build_sh()
    {
        // A real bash sources the script ./build.sh prints and completes "./build.sh Reb" through it.
        var script = """
            cd "$1" && source <(./build.sh --completion bash)
            COMP_WORDS=(./build.sh Reb); COMP_CWORD=1; _pipeline_build; printf '%s\n' "${COMPREPLY[@]}"
            COMP_WORDS=(./build.sh Verify --servi); COMP_CWORD=2; _pipeline_build; printf '%s\n' "${COMPREPLY[@]}"
            complete -p ./build.sh
            """;
        var psi = new ProcessStartInfo("bash", ["-c", script, "_", RepoPaths.Root]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, errors);
        Assert.Equal(["Rebuild", "--services", "complete -o default -F _pipeline_build ./build.sh"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
