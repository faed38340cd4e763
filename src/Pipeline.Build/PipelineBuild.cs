using System.Linq.Expressions;
using Serilog;

namespace Pipeline.Build;

/// <summary>
/// Base class of a build, as NUKE's <c>NukeBuild</c>: declare <see cref="Target"/> properties and
/// <see cref="ParameterAttribute"/> members, and start it with
/// <c>public static int Main() => Execute&lt;Build&gt;(x => x.Compile);</c>.
/// </summary>
public abstract class PipelineBuild : IPipelineBuild
{
    private static readonly AsyncLocal<BuildContext?> CurrentContext = new();

    /// <summary>Values of parameters declared on components (interfaces hold no fields), read by <see cref="IPipelineBuild.ParameterValue{T}"/>.</summary>
    internal Dictionary<ParameterKey, object?> InjectedValues { get; } = [];

    /// <summary>Objects components share between their targets (<see cref="IPipelineBuild.Shared{T}"/>), disposed at the end.</summary>
    internal Dictionary<(Type, string), object> SharedObjects { get; } = [];

    internal async ValueTask DisposeSharedAsync()
    {
        List<object> shared;
        lock (SharedObjects)
        {
            shared = SharedObjects.Values.Reverse().ToList();
            SharedObjects.Clear();
        }
        foreach (var item in shared)
        {
            if (item is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync();
            else if (item is IDisposable disposable) disposable.Dispose();
        }
    }

    /// <summary>The repository root: <c>--root</c>, or the nearest ancestor holding <c>.nuke/</c>.</summary>
    public static AbsolutePath RootDirectory => Context.Root;

    /// <summary><c>.nuke/temp</c> under the root: logs, caches and sockets that are not part of the tree.</summary>
    public static AbsolutePath TemporaryDirectory => Context.Root / ".nuke" / "temp";

    /// <summary>True unless running on a known CI server.</summary>
    public static bool IsLocalBuild => !IsServerBuild;

    /// <summary>True on a CI server (<c>CI</c> or <c>GITHUB_ACTIONS</c> set).</summary>
    public static bool IsServerBuild => Context.Environment.ContainsKey("CI") || Context.Environment.ContainsKey("GITHUB_ACTIONS");

    /// <summary>The environment variables the build sees (the process's, or a test's).</summary>
    public static IReadOnlyDictionary<string, string> BuildEnvironment => Context.Environment;

    /// <summary>The console verbosity of this run.</summary>
    public static Verbosity Verbosity => Context.Verbosity;

    /// <summary>The logger of this build (the same as Serilog's <c>Log.Logger</c> during <see cref="Execute{T}"/>); public for components.</summary>
    public static ILogger Log => Context.Logger;

    /// <summary>The targets invoked on the command line (or the defaults).</summary>
    public IReadOnlyList<ExecutableTarget> InvokedTargets { get; internal set; } = [];

    /// <summary>The ordered plan.</summary>
    public IReadOnlyList<ExecutableTarget> ExecutionPlan { get; internal set; } = [];

    internal static BuildContext Context =>
        CurrentContext.Value ?? throw new InvalidOperationException("No build is running: RootDirectory and friends exist only inside a build.");

    internal static BuildContext? SetContext(BuildContext? context)
    {
        var previous = CurrentContext.Value;
        CurrentContext.Value = context;
        return previous;
    }

    /// <summary>
    /// Adds a note to the running target's row of the summary table (<c>// key: value</c>), e.g. image counts; public for components.
    /// </summary>
    public static void ReportSummary(string key, string value)
    {
        if (Context.RunningTarget is { } target) target.Notes[key] = value;
    }

    /// <summary>Called after parameters are injected and the plan is made, before any target runs.</summary>
    protected internal virtual void OnBuildInitialized() { }

    /// <summary>Called after the last target, whatever the outcome (release what targets shared here).</summary>
    protected internal virtual ValueTask OnBuildFinishedAsync() => ValueTask.CompletedTask;

    /// <summary>Runs the build with the process's command line, console and environment; returns the exit code.</summary>
    protected static int Execute<T>(params Expression<Func<T, Target>>[] defaultTargets) where T : PipelineBuild, new() =>
        BuildHost.Run<T>(Environment.GetCommandLineArgs().Skip(1).ToArray(), new BuildHostOptions
        {
            DefaultTargets = defaultTargets.Select(MemberName).ToArray(),
            HandleCancelKeyPress = true,
            SetGlobalLogger = true,
        }).GetAwaiter().GetResult().ExitCode;

    /// <summary>The property name in <c>x => x.Compile</c>.</summary>
    public static string MemberName<T>(Expression<Func<T, Target>> expression) => expression.Body switch
    {
        MemberExpression m => m.Member.Name,
        UnaryExpression { Operand: MemberExpression m } => m.Member.Name,
        _ => throw new ArgumentException($"Expected a target property such as x => x.Compile, got {expression}"),
    };
}
