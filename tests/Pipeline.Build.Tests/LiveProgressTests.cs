using Microsoft.Extensions.Time.Testing;
using Pipeline.Build;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Spectre.Console.Testing;

namespace Pipeline.Build.Tests;

/// <summary>
/// The live per-item view on an interactive terminal (Spectre's test console): per-service events become rows with
/// their step and elapsed time instead of lines; any other event ends the view and is written as a line.
/// </summary>
public sealed class LiveProgressTests
{
    private sealed class Lines : ILogEventSink
    {
        public List<string> Written { get; } = [];

        public void Emit(LogEvent logEvent)
        {
            lock (Written) Written.Add(logEvent.RenderMessage());
        }
    }

    private static (LiveProgressSink Sink, TestConsole Console, Lines Lines, ILogger Log) Create(TimeProvider? time = null)
    {
        var console = new TestConsole().Interactive().EmitAnsiSequences();
        var lines = new Lines();
        var sink = new LiveProgressSink(lines, console, time);
        return (sink, console, lines, new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(sink).CreateLogger());
    }

    [Fact]
    public void Per_service_events_are_rows_with_step_and_elapsed_not_lines()
    {
        var clock = new FakeTimeProvider();
        var (sink, console, lines, log) = Create(clock);

        log.Information("[{Service}] {Step} ({Elapsed:0.0} s)", "aidb", "STEP 3/7: RUN pip install -r requirements.txt", 1.0);
        log.Information("[{Service}] {Step} ({Elapsed:0.0} s)", "nixos-docs", "STEP 1/5: FROM python:3.11-slim", 0.1);
        clock.Advance(TimeSpan.FromSeconds(12));
        log.Information("[{Service}] {Step} ({Elapsed:0.0} s)", "aidb", "STEP 4/7: COPY app.py .", 13.0);
        sink.Stop();

        Assert.Empty(lines.Written);
        var screen = console.Output;
        Assert.Contains("aidb", screen);
        Assert.Contains("4/7", screen);
        Assert.Contains("12s", screen);
        Assert.Contains("COPY app.py", screen);
        Assert.Contains("nixos-docs", screen);
        Assert.Contains("1/5", screen);
    }

    [Fact]
    public void Any_other_event_ends_the_view_and_is_written_as_a_line()
    {
        var (sink, console, lines, log) = Create();

        log.Information("[{Service}] built {Image}", "aidb", "ai-stack-aidb");
        log.Warning("[{Service}] retrying after {Error}", "aidb", "connection reset");
        log.Information("BuildParallel results: {Count} built", 1);
        log.Debug("[{Service}] detail", "aidb");
        sink.Dispose();

        Assert.Equal(["[\"aidb\"] retrying after \"connection reset\"", "BuildParallel results: 1 built", "[\"aidb\"] detail"], lines.Written);
        Assert.Contains("built ai-stack-aidb", console.Output); // as the console renders it: no quotes
    }

    [Fact]
    public void A_new_view_starts_after_a_line_with_fresh_rows()
    {
        var (sink, console, lines, log) = Create();

        log.Information("[{Service}] first", "aidb");
        log.Information("between");
        log.Information("[{Service}] second", "health-monitor");
        sink.Stop();

        Assert.Equal(["between"], lines.Written);
        var afterLine = console.Output[console.Output.LastIndexOf("first", StringComparison.Ordinal)..];
        Assert.Contains("health-monitor", afterLine);
    }
}
