using System.Text.Json;
using Pipeline.IO;

namespace Pipeline.Build;

/// <summary>
/// Remembers which targets succeeded for an invocation, so <c>--continue</c> after a failure skips them
/// (NUKE's "continue a previously failed build attempt").
/// </summary>
internal static class ContinueState
{
    private sealed record State(string Invocation, string[] Succeeded);

    public static string Invocation(IEnumerable<string> args) =>
        string.Join(" ", args.Where(a => !(a.StartsWith("--", StringComparison.Ordinal) && TargetNames.Matches(a, "continue"))));

    public static IReadOnlySet<string> Load(AbsolutePath file, string invocation)
    {
        if (!file.FileExists()) return new HashSet<string>();
        try
        {
            var state = JsonSerializer.Deserialize<State>(File.ReadAllText(file));
            return state is not null && state.Invocation == invocation ? state.Succeeded.ToHashSet() : new HashSet<string>();
        }
        catch (JsonException)
        {
            return new HashSet<string>(); // a damaged state file only means nothing is skipped
        }
    }

    public static Task SaveAsync(AbsolutePath file, string invocation, IEnumerable<ExecutableTarget> plan)
    {
        var succeeded = plan.Where(t => t.Status == TargetStatus.Succeeded || (t.Status == TargetStatus.Skipped && t.Reason?.Contains("--continue", StringComparison.Ordinal) == true))
            .Select(t => t.Name).ToArray();
        // Atomic, so a build killed while saving leaves the previous state, not half a file.
        return AtomicFile.WriteAllTextAsync(file, JsonSerializer.Serialize(new State(invocation, succeeded)), CancellationToken.None);
    }
}
