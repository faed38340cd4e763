namespace Pipeline.Verify.Checks;

/// <summary>
/// A user check in one line: runs a shell command in the image and passes when it exits with
/// <see cref="ExpectedExitCode"/> (and prints <see cref="ExpectedOutput"/>, when set).
/// Example: <c>checks.Add(new CommandCheck("python-imports", "python3 -c 'import app'") { Services = ["api"] })</c>.
/// </summary>
public sealed class CommandCheck : ImageCheck
{
    /// <summary>Creates the check.</summary>
    /// <param name="name">Unique check name (the JUnit testcase name).</param>
    /// <param name="command">Shell command run with the probe shell (<c>/bin/sh -c</c>).</param>
    public CommandCheck(string name, string command) : base(name)
    {
        if (string.IsNullOrWhiteSpace(command))
            throw new VerifyConfigurationException($"Check '{name}' needs a non-empty command");
        Command = command;
    }

    /// <summary>The shell command.</summary>
    public string Command { get; }

    /// <summary>Exit code that means success; default 0.</summary>
    public int ExpectedExitCode { get; init; }

    /// <summary>Text standard output must contain (ordinal); null = not checked.</summary>
    public string? ExpectedOutput { get; init; }

    /// <summary>Overrides the options' per-check command timeout; null = use the options' value.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <inheritdoc />
    public override async Task<CheckOutcome> RunAsync(ICheckContext context, CancellationToken ct)
    {
        var output = await context.RunAsync(Command, ct, Timeout);
        if (output.TimedOut || output.ExitCode != ExpectedExitCode)
            return CheckOutcome.Fail($"`{Command}`: {output.Describe()}" +
                (output.TimedOut ? "" : $" (expected {ExpectedExitCode})"), output);
        if (ExpectedOutput is not null && !output.Stdout.Contains(ExpectedOutput, StringComparison.Ordinal))
            return CheckOutcome.Fail($"`{Command}`: output does not contain \"{ExpectedOutput}\"", output);
        return CheckOutcome.Pass($"`{Command}`: exit code {output.ExitCode}") with { Stdout = output.Stdout, Stderr = output.Stderr };
    }
}
