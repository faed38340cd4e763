using System.Text.RegularExpressions;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Pipeline.Build;

/// <summary>
/// The console's live view of work done per item (BuildParallel's images, Verify's images, prefetched files): the
/// Information events that carry a <c>Service</c> (or <c>File</c>) property become one row each — its latest line,
/// <c>step n/m</c> and elapsed time — redrawn in place, as compose and bake show their builds, instead of scrolling by.
/// Every other event ends the view (its last frame stays on screen) and is written as a line, so tables, warnings
/// and errors read as they always do. Only for an interactive terminal: in CI, in redirected output and in the file
/// log every event stays a plain line (<see cref="IsWanted"/>).
/// </summary>
/// <param name="lines">Where every event that is not shown in the view goes (the console's line logger).</param>
/// <param name="console">The terminal.</param>
/// <param name="time">The clock for elapsed times (tests pass a fake one).</param>
public sealed partial class LiveProgressSink(ILogEventSink lines, IAnsiConsole console, TimeProvider? time = null) : ILogEventSink, IDisposable
{
    private static readonly string[] ItemProperties = ["Service", "File"];

    // As the console renders messages: strings without quotes.
    private static readonly MessageTemplateTextFormatter MessageFormatter = new("{Message:lj}", System.Globalization.CultureInfo.InvariantCulture);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Row> _rows = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private SemaphoreSlim? _changed;
    private Task? _live;
    private bool _stopping;

    /// <summary>
    /// Whether the console wants a live view: an interactive ANSI terminal, not CI, and not turned off with
    /// <c>PIPELINE_PROGRESS=plain</c>.
    /// </summary>
    public static bool IsWanted(IAnsiConsole console) =>
        console.Profile.Capabilities is { Interactive: true, Ansi: true }
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
        && !string.Equals(Environment.GetEnvironmentVariable("PIPELINE_PROGRESS"), "plain", StringComparison.OrdinalIgnoreCase);

    /// <summary>Shows an Information event with an item property in the view; writes anything else as a line.</summary>
    public void Emit(LogEvent logEvent)
    {
        if (logEvent.Level == LogEventLevel.Information && ItemOf(logEvent) is { } item)
        {
            Update(item, logEvent);
            return;
        }
        if (logEvent.Level < LogEventLevel.Information)
        {
            lines.Emit(logEvent); // below the console's level: the console drops it, the live view need not end
            return;
        }
        Stop();
        lines.Emit(logEvent);
    }

    /// <summary>Ends the live view, leaving its last frame on screen.</summary>
    public void Stop()
    {
        Task? live;
        lock (_gate)
        {
            live = _live;
            if (live is null) return;
            _stopping = true;
            _changed!.Release();
        }
        live.GetAwaiter().GetResult();
        lock (_gate)
        {
            _live = null;
            _changed!.Dispose();
            _changed = null;
            _rows.Clear();
            _order.Clear();
        }
    }

    /// <summary>Ends the live view (see <see cref="Stop"/>).</summary>
    public void Dispose() => Stop();

    private static string? ItemOf(LogEvent logEvent)
    {
        foreach (var name in ItemProperties)
            if (logEvent.Properties.TryGetValue(name, out var value) && value is ScalarValue { Value: string text } && text.Length > 0)
                return text;
        return null;
    }

    private void Update(string item, LogEvent logEvent)
    {
        using var text = new StringWriter();
        MessageFormatter.Format(logEvent, text);
        var message = text.ToString();
        var prefix = $"[{item}] ";
        if (message.StartsWith(prefix, StringComparison.Ordinal)) message = message[prefix.Length..];
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (!_rows.TryGetValue(item, out var row))
            {
                row = new Row(now);
                _rows[item] = row;
                _order.Add(item);
            }
            row.Message = message.ReplaceLineEndings(" ");
            if (StepPattern().Match(message) is { Success: true } step) row.Step = $"{step.Groups[1].Value}/{step.Groups[2].Value}";
            if (_live is null)
            {
                _stopping = false;
                _changed = new SemaphoreSlim(0);
                _live = Task.Run(RunAsync);
            }
            else
            {
                _changed!.Release();
            }
        }
    }

    private async Task RunAsync()
    {
        await console.Live(Render()).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).StartAsync(async context =>
        {
            while (true)
            {
                context.UpdateTarget(Render());
                context.Refresh();
                SemaphoreSlim changed;
                lock (_gate)
                {
                    if (_stopping) return;
                    changed = _changed!;
                }
                // A change redraws at once; otherwise once a second, for the elapsed times.
                await changed.WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    private IRenderable Render()
    {
        var table = new Table().Border(TableBorder.None).HideHeaders()
            .AddColumn("item").AddColumn("step").AddColumn(new TableColumn("elapsed").RightAligned()).AddColumn("now");
        lock (_gate)
        {
            foreach (var item in _order)
            {
                var row = _rows[item];
                var elapsed = _time.GetElapsedTime(row.Started);
                table.AddRow(
                    new Markup($"[bold]{Markup.Escape(item)}[/]"),
                    new Text(row.Step ?? ""),
                    new Text($"{elapsed.TotalSeconds:0}s"),
                    new Text(row.Message) { Overflow = Overflow.Ellipsis });
            }
        }
        return table;
    }

    // podman "STEP 2/5: RUN ...", docker "Step 2/5 : RUN ...".
    [GeneratedRegex(@"\b(?:STEP|Step) (\d+)/(\d+)")]
    private static partial Regex StepPattern();

    private sealed class Row(long started)
    {
        public long Started { get; } = started;
        public string Message { get; set; } = "";
        public string? Step { get; set; }
    }
}
