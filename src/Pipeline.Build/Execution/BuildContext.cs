using Serilog;

namespace Pipeline.Build;

/// <summary>What a running build knows about itself; flows with the async context so tests can run builds in parallel.</summary>
internal sealed class BuildContext(AbsolutePath root, IReadOnlyDictionary<string, string> environment, Verbosity verbosity, ILogger logger)
{
    public AbsolutePath Root { get; } = root;
    public IReadOnlyDictionary<string, string> Environment { get; } = environment;
    public Verbosity Verbosity { get; } = verbosity;
    public ILogger Logger { get; } = logger;
    public ExecutableTarget? RunningTarget { get; set; }
    public PipelineBuild? Build { get; set; }

    /// <summary>Set when the first target is about to run: failures from then on exit 1, not 2 ("could not start").</summary>
    public bool TargetsStarted { get; set; }
}
