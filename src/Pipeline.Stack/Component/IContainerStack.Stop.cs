using Pipeline.Build;
using Pipeline.Containers.Stopping;

namespace Pipeline.Stack.Component;

/// <summary>The Stop target and its parameter.</summary>
public partial interface IContainerStack
{
    /// <summary>Seconds containers get before they are killed.</summary>
    [Parameter("Stop: seconds containers get before they are killed.")]
    [SetsOption("StopOptions.GracePeriod")]
    int StopGraceSeconds => ParameterValue(() => StopGraceSeconds, StopOptions.DefaultGraceSeconds);

    /// <summary>Stop's options from its parameters.</summary>
    StopOptions ConfigureStop(StopOptions options) => options with { GracePeriod = TimeSpan.FromSeconds(StopGraceSeconds) };

    /// <summary>Stops the stack's running containers.</summary>
    Target Stop => _ => _
        .Description("Stops the stack's running containers (grace period, then kill).")
        .Requires(() => OptionsAreValid(nameof(Stop)))
        .Executes(ct => RunStep(Stack.StopAsync, ct));
}
