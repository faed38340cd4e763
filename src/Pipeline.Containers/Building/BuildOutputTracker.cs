using System.Text.RegularExpressions;

namespace Pipeline.Containers.Building;

/// <summary>
/// Follows a build's output stream (pure): the current step (podman <c>STEP 2/5: RUN ...</c>, docker
/// <c>Step 2/5 : RUN ...</c>), cached steps (<c>--&gt; Using cache</c> / <c> ---&gt; Using cache</c>), the current
/// step's recent output, and errors. Thread-safe: the engine client may report from another thread.
/// </summary>
internal sealed partial class BuildOutputTracker(int keepLines = 30)
{
    private readonly object _gate = new();
    private readonly Queue<string> _stepOutput = new();
    private readonly List<string> _errors = [];

    /// <summary>Raised (outside the lock) when a new step starts, with the step line.</summary>
    public event Action<string>? StepStarted;

    /// <summary>Raised (outside the lock) with the ID of each image a step committed or took from the cache (<c>--&gt; 0a1b2c3d4e5</c>).</summary>
    public event Action<string>? ImageCommitted;

    /// <summary>The current step line, or null before the first.</summary>
    public string? CurrentStep { get; private set; }

    /// <summary>Total steps, as the engine counts them.</summary>
    public int TotalSteps { get; private set; }

    /// <summary>Steps answered from the layer cache.</summary>
    public int CachedSteps { get; private set; }

    /// <summary>Error messages reported in the stream (podman reports failures only this way).</summary>
    public IReadOnlyList<string> Errors { get { lock (_gate) return _errors.ToList(); } }

    /// <summary>The last lines the current step printed.</summary>
    public string StepOutput { get { lock (_gate) return string.Join('\n', _stepOutput); } }

    /// <summary>Feeds one <c>stream</c> chunk (may hold several lines).</summary>
    public void OnOutput(string? chunk)
    {
        if (string.IsNullOrEmpty(chunk)) return;
        foreach (var raw in chunk.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0) continue;
            string? started = null;
            if (CommittedImage().Match(line) is { Success: true } committed) ImageCommitted?.Invoke(committed.Groups["id"].Value);
            lock (_gate)
            {
                var step = StepLine().Match(line);
                if (step.Success)
                {
                    CurrentStep = line.Trim();
                    // Multi-stage builds number steps per stage ("[1/2] STEP 3/4: ..."): the total is the sum.
                    var stage = step.Groups["stage"].Success ? int.Parse(step.Groups["stage"].Value) : 1;
                    _stageTotals[stage] = int.Parse(step.Groups["total"].Value);
                    TotalSteps = _stageTotals.Values.Sum();
                    _stepOutput.Clear();
                    started = CurrentStep;
                }
                else
                {
                    if (CacheLine().IsMatch(line)) CachedSteps++;
                    _stepOutput.Enqueue(line);
                    while (_stepOutput.Count > keepLines) _stepOutput.Dequeue();
                }
            }
            if (started is not null) StepStarted?.Invoke(started);
        }
    }

    /// <summary>Records an error message from the stream.</summary>
    public void OnError(string message)
    {
        lock (_gate) _errors.Add(message.Trim());
    }

    private readonly Dictionary<int, int> _stageTotals = [];

    [GeneratedRegex(@"^\s*(?:\[(?<stage>\d+)/\d+\]\s*)?STEP\s+(?<n>\d+)/(?<total>\d+)\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex StepLine();

    // podman: "--> a0eb0a0c5ec", "--> Using cache <id>"; docker: " ---> 3b1a2c4d5e6f".
    [GeneratedRegex(@"^\s*-+>\s*(?:Using cache\s+)?(?<id>[0-9a-f]{10,64})\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex CommittedImage();

    [GeneratedRegex(@"^\s*-+>\s*Using cache", RegexOptions.IgnoreCase)]
    private static partial Regex CacheLine();
}
