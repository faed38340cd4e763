namespace Pipeline.Build;

/// <summary>
/// Turns invoked target names into an ordered plan: pulls in dependencies and triggered targets, rejects
/// cycles (printing the path), and orders topologically with ties broken by declaration order.
/// </summary>
internal static class ExecutionPlanner
{
    /// <summary>Finds targets by name (case-insensitive, dashes ignored); unknown names fail with the closest matches first.</summary>
    public static IReadOnlyList<ExecutableTarget> Resolve(IReadOnlyList<ExecutableTarget> all, IEnumerable<string> names, string what = "Target")
    {
        var result = new List<ExecutableTarget>();
        foreach (var name in names)
        {
            var found = all.FirstOrDefault(t => TargetNames.Matches(t.Name, name));
            if (found is null)
            {
                var closest = TargetNames.ClosestFirst(name, all.Select(t => t.Name));
                var hint = TargetNames.Suggestion(name, closest) is { } suggestion ? $" Did you mean {suggestion}?" : "";
                throw new BuildDefinitionException(
                    $"{what} '{name}' is not defined.{hint} Targets, closest first: {string.Join(", ", closest)}");
            }
            if (!result.Contains(found)) result.Add(found);
        }
        return result;
    }

    /// <summary>The ordered plan for the invoked targets.</summary>
    public static IReadOnlyList<ExecutableTarget> Plan(IReadOnlyList<ExecutableTarget> all, IReadOnlyList<ExecutableTarget> invoked)
    {
        ThrowOnCycle(all);

        var planned = new HashSet<ExecutableTarget>();
        var stack = new Stack<ExecutableTarget>(invoked);
        while (stack.Count > 0)
        {
            var target = stack.Pop();
            if (!planned.Add(target)) continue;
            foreach (var next in target.Dependencies.Concat(target.Triggered)) stack.Push(next);
        }

        var predecessors = planned.ToDictionary(t => t, t => Predecessors(t, all).Where(planned.Contains).ToHashSet());
        var order = new List<ExecutableTarget>();
        var ready = new SortedSet<ExecutableTarget>(Comparer<ExecutableTarget>.Create((a, b) => a.DeclarationIndex.CompareTo(b.DeclarationIndex)));
        foreach (var t in planned.Where(t => predecessors[t].Count == 0)) ready.Add(t);
        while (ready.Count > 0)
        {
            var next = ready.Min!;
            ready.Remove(next);
            order.Add(next);
            foreach (var (t, before) in predecessors)
                if (before.Remove(next) && before.Count == 0) ready.Add(t);
        }
        return order;
    }

    /// <summary>Everything that must come before <paramref name="target"/> when planned with it.</summary>
    private static IEnumerable<ExecutableTarget> Predecessors(ExecutableTarget target, IReadOnlyList<ExecutableTarget> all) =>
        target.Dependencies
            .Concat(target.OrderedAfter)
            .Concat(all.Where(t => t.Triggered.Contains(target)));

    /// <summary>Checks every target (not only planned ones) so a broken graph fails on any invocation.</summary>
    private static void ThrowOnCycle(IReadOnlyList<ExecutableTarget> all)
    {
        var state = new Dictionary<ExecutableTarget, int>(); // 0 new, 1 on path, 2 done
        var path = new List<ExecutableTarget>();

        void Visit(ExecutableTarget t)
        {
            state[t] = 1;
            path.Add(t);
            foreach (var p in Predecessors(t, all).OrderBy(x => x.DeclarationIndex))
            {
                var s = state.GetValueOrDefault(p);
                if (s == 1)
                {
                    // Printed in dependency direction: each target needs (runs after) the next one.
                    var cycle = path.Skip(path.IndexOf(p)).Append(p).Select(x => x.Name);
                    throw new BuildDefinitionException($"Circular dependency between targets: {string.Join(" -> ", cycle)}");
                }
                if (s == 0) Visit(p);
            }
            path.RemoveAt(path.Count - 1);
            state[t] = 2;
        }

        foreach (var t in all)
            if (state.GetValueOrDefault(t) == 0) Visit(t);
    }
}
