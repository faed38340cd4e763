using System.Text;
using CliWrap;
using CliWrap.Buffered;

namespace Pipeline.Python.Index.Tests.Support;

/// <summary>Runs the host's python3 (and its pip) with a clean pip configuration.</summary>
public static class HostPython
{
    public sealed record Run(int ExitCode, string StandardOutput, string StandardError)
    {
        public string All => $"exit {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
    }

    public static Task<Run> PipAsync(params string[] arguments) => RunAsync(null, ["-m", "pip", .. arguments]);

    public static Task<Run> RunAsync(string? pythonPath, params string[] arguments) => RunWithAsync("python3", pythonPath, arguments);

    /// <summary>Runs <paramref name="python"/> (e.g. a venv's <c>bin/python</c>) like <see cref="RunAsync"/>.</summary>
    public static async Task<Run> RunWithAsync(string python, string? pythonPath, params string[] arguments)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        // Ignore the machine's pip.conf and PIP_* variables (e.g. PIP_FIND_LINKS): the test decides every setting.
        var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("PIP_", StringComparison.Ordinal))
            .ToDictionary(k => k, _ => (string?)null);
        foreach (var (key, value) in new Dictionary<string, string?>
        {
            ["PIP_CONFIG_FILE"] = "/dev/null",
            ["PIP_DISABLE_PIP_VERSION_CHECK"] = "1",
            ["PIP_NO_INPUT"] = "1",
            ["PIP_NO_COLOR"] = "1",
            ["PYTHONDONTWRITEBYTECODE"] = "1",
            ["PYTHONPATH"] = pythonPath,
        })
        {
            environment[key] = value;
        }
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var result = await Cli.Wrap(python)
            .WithArguments(arguments)
            .WithEnvironmentVariables(environment)
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(stdout))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr))
            .ExecuteAsync(timeout.Token);
        return new Run(result.ExitCode, stdout.ToString(), stderr.ToString());
    }
}
