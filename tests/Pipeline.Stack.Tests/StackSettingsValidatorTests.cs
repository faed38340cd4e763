namespace Pipeline.Stack.Tests;

public class StackSettingsValidatorTests
{
    private static readonly StackSettings Defaults = new() { RootDirectory = "/r", ComposeFile = "/r/compose.yaml" };

    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(StackSettingsValidator.Problems(Defaults));

    [Fact]
    public void Each_bad_number_is_one_line_naming_its_parameter()
    {
        var problems = StackSettingsValidator.Problems(Defaults with
        {
            Parallelism = 0,
            BuildAttempts = 0,
            VerifyTimeout = TimeSpan.Zero,
            IndexPort = 70000,
            WheelScale = 2,
            StopGracePeriod = TimeSpan.FromSeconds(-1),
        });

        Assert.Equal(
        [
            "--stop-grace-seconds -1: expected 0 or more seconds",
            "--wheel-scale 2: expected a fraction above 0, at most 1",
            "--index-port 70000: expected a TCP port (0 picks a free one)",
            "--parallelism 0: expected 1 or more",
            "--build-attempts 0: expected 1 or more (the first attempt counts)",
            "--verify-timeout 0: expected a positive number of seconds",
        ], problems);
    }

    [Fact]
    public void An_unset_parallelism_means_the_machine_default_and_is_valid() =>
        Assert.Empty(StackSettingsValidator.Problems(Defaults with { Parallelism = null, IndexPort = 0 }));
}
