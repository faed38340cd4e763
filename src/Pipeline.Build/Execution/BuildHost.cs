using System.Collections;
using System.Runtime.InteropServices;
using Serilog;

namespace Pipeline.Build;

/// <summary>
/// Runs a build class from a command line: root, logging, parameters, discovery, help/plan, skips,
/// requirements, execution, summary and exit code. <see cref="PipelineBuild"/>'s <c>Execute</c> calls it for
/// the real process; tests call it directly with their own output, environment and cancellation.
/// </summary>
public static class BuildHost
{
    private static readonly string[] SwitchNames = ["help", "h", "?", "plan", "continue", "nologo"];
    private static readonly string[] BuiltInNames = ["help", "h", "?", "plan", "target", "skip", "root", "verbosity", "profile", "continue", "nologo"];

    /// <summary>Runs <typeparamref name="T"/> with <paramref name="args"/>.</summary>
    public static async Task<BuildResult> Run<T>(IReadOnlyList<string> args, BuildHostOptions options) where T : PipelineBuild, new()
    {
        // Shell completion passes the words typed so far, which need not parse (`Verify --serv`): they are set aside,
        // and the build starts as for --help, writing no log, to list what it has.
        IReadOnlyList<string>? completing = null;
        if (args.Count > 0 && args[0] == "--complete") (completing, args) = (args.Skip(1).ToList(), ["--help"]);
        else if (args is ["--completion", var shell])
        {
            try { await (options.Output ?? Console.Out).WriteAsync(Completion.Script(shell)); }
            catch (BuildDefinitionException e)
            {
                await (options.Output ?? Console.Out).WriteLineAsync($"error: {e.Message}");
                return new BuildResult(BuildResult.InvalidInvocation, [], []);
            }
            return new BuildResult(BuildResult.Success, [], []);
        }
        var output = options.Output ?? Console.Out;
        var environment = options.Environment ?? ReadEnvironment();
        CommandLineArguments commandLine;
        AbsolutePath root;
        bool informational;
        try
        {
            var switches = ParameterDescriptor.Discover(typeof(T))
                .Where(p => (Nullable.GetUnderlyingType(p.Type) ?? p.Type) == typeof(bool))
                .Select(p => TargetNames.Normalize(p.Name))
                .Concat(SwitchNames).ToHashSet();
            commandLine = CommandLineArguments.Parse(args, switches.Contains);
            root = FindRoot(commandLine, options.WorkingDirectory ?? Directory.GetCurrentDirectory());
            informational = IsHelp(commandLine) || commandLine.Flag("plan");
        }
        catch (Exception e)
        {
            // No log exists yet: the one line is all there is, so name the exception when it is not ours.
            await output.WriteLineAsync(e is BuildDefinitionException ? $"error: {e.Message}" : $"error: {e.GetType().Name}: {e.Message}");
            return new BuildResult(BuildResult.InvalidInvocation, [], []);
        }

        var verbosity = Verbosity.Normal;
        var verbosityError = default(string);
        if (commandLine.Get("verbosity") is { } verbosityValues)
        {
            var names = string.Join(", ", Enum.GetNames<Verbosity>());
            if (verbosityValues is not [var v])
                // Silently ignoring it would run the default target for `--verbosity quiet Verify`.
                verbosityError = verbosityValues.Count == 0
                    ? $"--verbosity expects one of {names}"
                    : $"--verbosity expects one value (one of {names}), got '{string.Join(" ", verbosityValues)}'; targets go before options: ./build.sh Verify --verbosity quiet";
            else if (Enum.GetNames<Verbosity>().FirstOrDefault(n => TargetNames.Matches(n, v)) is { } match)
                verbosity = Enum.Parse<Verbosity>(match);
            else
                verbosityError = $"--verbosity: '{v}' is not one of {names}";
        }

        var secrets = new List<string>();
        // --help and --plan run nothing: they neither create nor rotate the file log (a look at the plan must not
        // push a failed run's log out of the kept five).
        var logFile = informational ? null : (string)(root / ".nuke" / "temp" / "build.log");
        BuildLogging logging;
        try
        {
            logging = new BuildLogging(verbosity, options.Output, logFile, () => secrets);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await output.WriteLineAsync($"error: cannot open the build log {logFile}: {e.Message}");
            return new BuildResult(BuildResult.InvalidInvocation, [], []);
        }
        using var _ = logging;
        var context = new BuildContext(root, environment, verbosity, logging.Logger);
        var previousContext = PipelineBuild.SetContext(context);
        var previousGlobal = Log.Logger;
        if (options.SetGlobalLogger) Log.Logger = logging.Logger;

        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken);
        using var signals = options.HandleCancelKeyPress ? CancelOnSignals(cancellation, logging.Logger) : null;
        try
        {
            if (verbosityError is not null) throw new BuildDefinitionException(verbosityError);
            return await RunCore<T>(args, commandLine, options, root, context, logging, secrets, environment, completing, cancellation.Token);
        }
        catch (BuildDefinitionException e)
        {
            // The inner exception (e.g. a condition that threw) goes to the file log only; the console shows the line.
            logging.Logger.Error(e.InnerException, "{Message}", e.Message);
            return new BuildResult(context.TargetsStarted ? BuildResult.TargetFailed : BuildResult.InvalidInvocation, [], []) { Instance = context.Build };
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            logging.Logger.Warning("Build aborted");
            return new BuildResult(BuildResult.Aborted, [], []) { Instance = context.Build };
        }
        catch (Exception e)
        {
            // Anything else (an I/O error on parameters.json or the schema, a bug): one line, not a stack trace;
            // the stack trace goes to the file log. 2 while the build is starting, 1 once targets ran.
            var where = logging.LogFile is null ? "" : $" (details in {logging.LogFile})";
            logging.Logger.Error(e, "{Message}", $"Build failed: {e.GetType().Name}: {e.Message}{where}");
            return new BuildResult(context.TargetsStarted ? BuildResult.TargetFailed : BuildResult.InvalidInvocation, [], []) { Instance = context.Build };
        }
        finally
        {
            if (options.SetGlobalLogger) Log.Logger = previousGlobal;
            PipelineBuild.SetContext(previousContext);
        }
    }

    private static async Task<BuildResult> RunCore<T>(IReadOnlyList<string> args, CommandLineArguments commandLine, BuildHostOptions options,
        AbsolutePath root, BuildContext context, BuildLogging logging, List<string> secrets,
        IReadOnlyDictionary<string, string> environment, IReadOnlyList<string>? completing, CancellationToken ct) where T : PipelineBuild, new()
    {
        var log = logging.Logger;
        var build = new T();
        context.Build = build;
        var parameters = ParameterDescriptor.Discover(typeof(T));
        var unknown = commandLine.Unknown(parameters.Select(p => TargetNames.Normalize(p.Name)).Concat(BuiltInNames).ToHashSet()).ToList();
        if (unknown.Count > 0)
        {
            var suggestion = TargetNames.Suggestion(unknown[0], parameters.Select(p => p.Name).Concat(HelpWriter.BuiltIns.Select(b => b.Name.TrimStart('-'))));
            var hint = suggestion is null ? "" : $" Did you mean --{suggestion}?";
            throw new BuildDefinitionException($"Unknown parameter '--{unknown[0]}'.{hint} See --help.");
        }

        var profiles = commandLine.Get("profile") ?? [];
        var sources = new ParameterSources(commandLine, environment, root, profiles);
        foreach (var parameter in parameters)
        {
            if (sources.Find(parameter.Name) is { } raw)
                parameter.SetValue(build, ParameterValueConverter.Convert(raw, parameter.Type, root, parameter.Name));
            if (parameter.IsSecret && HelpWriter.Describe(parameter.GetValue(build)) is { Length: > 0 } secret)
                secrets.Add(secret);
        }

        var targets = TargetDiscovery.Discover(build);
        if (completing is not null)
        {
            foreach (var candidate in Completion.Candidates(targets, parameters, completing))
                await logging.Output.WriteLineAsync(candidate);
            return new BuildResult(BuildResult.Success, targets, []) { Instance = build };
        }
        if ((root / ".nuke").DirectoryExists())
            await SchemaWriter.WriteIfChangedAsync(root / ".nuke" / "build.schema.json", SchemaWriter.Create(targets, parameters));
        await CiConfigurations.UpdateAsync(typeof(T), targets.Select(t => t.Name).ToList(), root, environment, log);

        if (IsHelp(commandLine))
        {
            await logging.Output.WriteAsync(HelpWriter.Write(targets, parameters, options.DefaultTargets, build));
            return new BuildResult(BuildResult.Success, targets, []) { Instance = build };
        }

        var names = commandLine.Positional.Concat(commandLine.Get("target") ?? []).ToList();
        if (names.Count == 0) names = options.DefaultTargets.ToList();
        if (names.Count == 0)
        {
            await logging.Output.WriteAsync(HelpWriter.Write(targets, parameters, options.DefaultTargets, build));
            return new BuildResult(BuildResult.Success, targets, []) { Instance = build };
        }

        var invoked = ExecutionPlanner.Resolve(targets, names);
        var plan = ExecutionPlanner.Plan(targets, invoked);
        build.InvokedTargets = invoked;
        build.ExecutionPlan = plan;

        var skipValues = commandLine.Get("skip");
        var skipped = skipValues is { Count: > 0 } ? ExecutionPlanner.Resolve(targets, skipValues.SelectMany(s => s.Split(',', '+')), "Skipped target") : null;
        var stateFile = root / ".nuke" / "temp" / "build.state.json";
        var invocation = ContinueState.Invocation(args);
        var previouslySucceeded = commandLine.Flag("continue") ? ContinueState.Load(stateFile, invocation) : new HashSet<string>();
        BuildExecutor.ApplySkips(plan, invoked, skipped, skipValues is { Count: 0 }, previouslySucceeded);

        if (commandLine.Flag("plan"))
        {
            await logging.Output.WriteAsync(PlanWriter.Write(plan, invoked));
            return new BuildResult(BuildResult.Success, targets, plan) { Instance = build };
        }

        BuildExecutor.CheckRequirements(plan);

        if (!commandLine.Flag("nologo") && context.Verbosity != Verbosity.Quiet)
            log.Information("Pipeline build · root {Root} · plan {Plan}", root, string.Join(" → ", plan.Select(t => t.Name)));
        log.Debug("Parameters: {Parameters}", string.Join(", ", parameters.Select(p => $"{p.Name}={(p.IsSecret ? "****" : HelpWriter.Describe(p.GetValue(build)))}")));

        build.OnBuildInitialized();
        var executor = new BuildExecutor(context, logging, environment.GetValueOrDefault("GITHUB_ACTIONS") == "true",
            () => ContinueState.SaveAsync(stateFile, invocation, plan));
        context.TargetsStarted = true;
        int exitCode;
        try
        {
            exitCode = await executor.RunAsync(plan, ct);
        }
        finally
        {
            // Whatever happened, release what the targets shared (engine sessions, index servers).
            try { await build.OnBuildFinishedAsync(); }
            catch (Exception e) { log.Error(e, "OnBuildFinished failed: {Message}", e.Message); }
            try { await build.DisposeSharedAsync(); }
            catch (Exception e) { log.Error(e, "Releasing what components shared failed: {Message}", e.Message); }
        }

        await ContinueState.SaveAsync(stateFile, invocation, plan);
        await WriteSummaryAsync(logging, plan, exitCode);
        return new BuildResult(exitCode, targets, plan) { Instance = build };
    }

    private static async Task WriteSummaryAsync(BuildLogging logging, IReadOnlyList<ExecutableTarget> plan, int exitCode)
    {
        var replay = logging.Replay.Events;
        var output = logging.Output;
        if (replay.Count > 0 && PipelineBuild.Verbosity != Verbosity.Quiet)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync("Repeating warnings and errors:");
            foreach (var e in replay)
            {
                var message = new StringWriter();
                ReplayFormatter.Format(e, message); // literal strings, as on the console: no JSON quotes
                await output.WriteLineAsync($"  {(e.Level >= Serilog.Events.LogEventLevel.Error ? "error" : "warning")}: {message}");
            }
        }
        await output.WriteLineAsync();
        await output.WriteAsync(logging.Mask(SummaryWriter.Table(plan))); // reasons and notes may quote a secret
        await output.WriteLineAsync();
        await output.WriteLineAsync(SummaryWriter.Outcome(exitCode, DateTimeOffset.Now));
        if (logging.LogFile is not null && exitCode != BuildResult.Success)
            await output.WriteLineAsync($"Full log: {logging.LogFile}");
        logging.Logger.Verbose("Summary:\n{Summary}", SummaryWriter.Table(plan));
    }

    private static readonly Serilog.Formatting.Display.MessageTemplateTextFormatter ReplayFormatter =
        new("{Message:lj}", System.Globalization.CultureInfo.InvariantCulture);

    private static bool IsHelp(CommandLineArguments commandLine) =>
        commandLine.Flag("help") || commandLine.Flag("h") || commandLine.Flag("?");

    private static AbsolutePath FindRoot(CommandLineArguments commandLine, string workingDirectory)
    {
        if (commandLine.Get("root") is { } rootValues)
        {
            if (rootValues.Count != 1) throw new BuildDefinitionException("--root expects one directory");
            var root = AbsolutePath.Resolve(rootValues[0], AbsolutePath.Create(Path.GetFullPath(workingDirectory)));
            return root.DirectoryExists() ? root : throw new BuildDefinitionException($"--root {root}: directory does not exist");
        }
        for (var dir = new DirectoryInfo(workingDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, ".nuke")))
                return AbsolutePath.Create(dir.FullName);
        throw new BuildDefinitionException($"No .nuke/ directory in {workingDirectory} or above: create one at the repository root or pass --root");
    }

    private static Dictionary<string, string> ReadEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => e.Value as string ?? "", StringComparer.Ordinal);

    private static IDisposable CancelOnSignals(CancellationTokenSource cancellation, ILogger log)
    {
        var presses = 0;
        void OnSignal(PosixSignalContext context)
        {
            if (Interlocked.Increment(ref presses) > 1) return; // a second Ctrl+C ends the process the default way
            context.Cancel = true;
            log.Warning("Cancelling: stopping the running target (press Ctrl+C again to kill)");
            cancellation.Cancel();
        }
        var registrations = new[]
        {
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        };
        return new CompositeDisposable(registrations);
    }

    private sealed class CompositeDisposable(IEnumerable<IDisposable> items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items) item.Dispose();
        }
    }
}
