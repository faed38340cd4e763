using System.Text;

namespace Pipeline.Build;

/// <summary><c>--plan</c>: one target per line in execution order, with why it is there and what it follows.</summary>
internal static class PlanWriter
{
    public static string Write(IReadOnlyList<ExecutableTarget> plan, IReadOnlyList<ExecutableTarget> invoked)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Execution plan for {string.Join(", ", invoked.Select(t => t.Name))} ({plan.Count} targets; nothing runs):");
        var width = plan.Select(t => t.Name.Length).DefaultIfEmpty(0).Max() + 2;
        for (var i = 0; i < plan.Count; i++)
        {
            var target = plan[i];
            var relations = new List<string>();
            var deps = target.Dependencies.Where(plan.Contains).Select(d => d.Name).ToList();
            if (deps.Count > 0) relations.Add($"depends on {string.Join(", ", deps)}");
            var after = target.OrderedAfter.Where(plan.Contains).Select(d => d.Name).ToList();
            if (after.Count > 0) relations.Add($"after {string.Join(", ", after)}");
            var triggeredBy = plan.Where(p => p.Triggered.Contains(target)).Select(p => p.Name).ToList();
            if (triggeredBy.Count > 0) relations.Add($"triggered by {string.Join(", ", triggeredBy)}");
            if (invoked.Contains(target)) relations.Insert(0, "invoked");
            if (target.Status == TargetStatus.Skipped) relations.Add($"SKIPPED: {target.Reason}");
            sb.AppendLine($"  {i + 1,2}. {target.Name.PadRight(width)}{string.Join("; ", relations)}");
        }
        return sb.ToString();
    }
}
