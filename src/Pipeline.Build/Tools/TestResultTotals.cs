using System.Xml.Linq;

namespace Pipeline.Build;

/// <summary>Totals over TRX files (VSTest's results format), as the one line CI reads: <c>N passed, N failed, N skipped</c>.</summary>
public sealed record TestResultTotals(int Passed, int Failed, int Skipped)
{
    private static readonly XNamespace Trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    /// <summary>Sums the counters of every <c>*.trx</c> file under <paramref name="directory"/>.</summary>
    public static TestResultTotals FromDirectory(string directory)
    {
        var totals = new TestResultTotals(0, 0, 0);
        if (!Directory.Exists(directory)) return totals;
        foreach (var file in Directory.EnumerateFiles(directory, "*.trx", SearchOption.AllDirectories))
            totals += FromTrx(XDocument.Load(file), file);
        return totals;
    }

    /// <summary>Reads one TRX document's <c>ResultSummary/Counters</c>.</summary>
    public static TestResultTotals FromTrx(XDocument document, string file)
    {
        var counters = document.Descendants(Trx + "Counters").FirstOrDefault()
            ?? throw new InvalidDataException($"{file}: no ResultSummary/Counters element (is it a TRX file?)");
        int Read(string name) => int.TryParse((string?)counters.Attribute(name), out var n) ? n : 0;
        var executed = Read("executed");
        var passed = Read("passed");
        var failed = Read("failed") + Read("error") + Read("timeout") + Read("aborted");
        var total = Read("total");
        var notExecuted = Read("notExecuted");
        return new TestResultTotals(passed, failed, notExecuted > 0 ? notExecuted : Math.Max(0, total - executed));
    }

    /// <summary>Adds two totals.</summary>
    public static TestResultTotals operator +(TestResultTotals a, TestResultTotals b) =>
        new(a.Passed + b.Passed, a.Failed + b.Failed, a.Skipped + b.Skipped);

    /// <inheritdoc />
    public override string ToString() => $"{Passed} passed, {Failed} failed, {Skipped} skipped";
}
