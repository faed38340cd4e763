using Pipeline.Containers.Building;

namespace Pipeline.Containers.Tests.Support;

internal static class BuildEvents
{
    /// <summary>The most builds running at once, from the recorded start/end events.</summary>
    public static int PeakConcurrency(IEnumerable<BuildEvent> events)
    {
        int running = 0, peak = 0;
        foreach (var e in events.OrderBy(e => e.Sequence))
        {
            running += e.Started ? 1 : -1;
            peak = Math.Max(peak, running);
        }
        return peak;
    }

    public static int IndexOf(IReadOnlyList<BuildEvent> events, string service, bool started) =>
        events.Single(e => e.Service == service && e.Started == started).Sequence;
}
