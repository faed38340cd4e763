using Pipeline.Verify.Checks;
using Serilog;

namespace Pipeline.Verify.Reporting;

/// <summary>
/// Writes verification progress through Serilog: one line per check as it finishes (failures at Error
/// level with the command's output indented below), and a table per image at the end.
/// </summary>
internal sealed class ConsoleReporter(ILogger logger, int maxOutputLines)
{
    // Checks finish concurrently: keep a failure's output lines together under its line.
    private readonly Lock _gate = new();

    /// <summary>Logs one finished check.</summary>
    public void CheckFinished(CheckResult result)
    {
        lock (_gate) Write(result);
    }

    private void Write(CheckResult result)
    {
        const string template = "{Mark:l} {Service:l} · {Check:l}: {Reason:l}";
        var reason = result.Reused ? $"{result.Reason} (reused: same image ID and checks)" : result.Reason;
        switch (result.Status)
        {
            case CheckStatus.Failed:
                logger.Error(template, StatusMarks.Mark(result.Status), result.Service, result.Check, reason);
                foreach (var line in OutputLines(result))
                    logger.Error("    {Output:l}", line);
                break;
            case CheckStatus.Warning:
                logger.Warning(template, StatusMarks.Mark(result.Status), result.Service, result.Check, reason);
                break;
            default:
                logger.Information(template, StatusMarks.Mark(result.Status), result.Service, result.Check, reason);
                break;
        }
    }

    /// <summary>Logs the per-image tables.</summary>
    public void Tables(IReadOnlyList<CheckResult> results)
    {
        foreach (var image in results.GroupBy(r => r.Service, StringComparer.Ordinal))
        {
            logger.Information("");
            foreach (var line in ResultTable.Format(image.Key, image.First().Image, image.ToList()))
                logger.Information("{Line:l}", line);
        }
    }

    private IEnumerable<string> OutputLines(CheckResult result)
    {
        var lines = $"{result.Stdout}\n{result.Stderr}".Trim().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length > maxOutputLines)
            return lines[^maxOutputLines..].Prepend($"… ({lines.Length - maxOutputLines} lines omitted)");
        return lines;
    }
}
