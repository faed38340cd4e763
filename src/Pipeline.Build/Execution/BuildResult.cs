namespace Pipeline.Build;

/// <summary>The outcome of a build run.</summary>
public sealed record BuildResult(int ExitCode, IReadOnlyList<ExecutableTarget> Targets, IReadOnlyList<ExecutableTarget> Plan)
{
    /// <summary>The build instance that ran (null when the build could not be created).</summary>
    public PipelineBuild? Instance { get; init; }

    /// <summary>Exit code of a successful run (also for <c>--help</c> and <c>--plan</c>).</summary>
    public const int Success = 0;

    /// <summary>A target failed (or the build hit an unexpected error after targets started).</summary>
    public const int TargetFailed = 1;

    /// <summary>The build could not start: unknown target, cycle, bad parameter, failed requirement, unexpected error.</summary>
    public const int InvalidInvocation = 2;

    /// <summary>Cancelled by Ctrl+C or SIGTERM (128 + SIGINT, as shells report Ctrl+C).</summary>
    public const int Aborted = 130;

    /// <summary>The named target, or throws.</summary>
    public ExecutableTarget this[string name] => Targets.Single(t => TargetNames.Matches(t.Name, name));
}
