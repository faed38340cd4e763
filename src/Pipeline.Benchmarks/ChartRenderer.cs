using ScottPlot;

namespace Pipeline.Benchmarks;

/// <summary>chart.png: wall time and bytes over the link per scenario, cold and warm side by side (medians).</summary>
public static class ChartRenderer
{
    private static readonly Color ColdColor = Color.FromHex("#1f77b4");
    private static readonly Color WarmColor = Color.FromHex("#ff7f0e");

    /// <summary>Draws the chart for <paramref name="summary"/> into <paramref name="path"/> (PNG, written whole or not at all).</summary>
    public static void Write(IReadOnlyList<ScenarioSummary> summary, string path, int width = 1000, int height = 450)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var scenarios = summary.Select(r => r.Scenario).Distinct().ToList();
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        Draw(multiplot.GetPlot(0), summary, scenarios, r => r.WallSeconds.Median, "Wall time (s)", v => SummaryRenderer.FormatSeconds(v));
        Draw(multiplot.GetPlot(1), summary, scenarios, r => r.UpstreamBytes.Median / 1e6, "Bytes over the upstream link (MB)", v => $"{v:0.#} MB");

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        // ScottPlot writes by file name; a temp file renamed over the target keeps a half-drawn chart from replacing a good one.
        var temp = path + ".tmp.png";
        multiplot.SavePng(temp, width, height);
        File.Move(temp, path, overwrite: true);
    }

    private static void Draw(Plot plot, IReadOnlyList<ScenarioSummary> summary, IReadOnlyList<string> scenarios,
        Func<ScenarioSummary, double> value, string title, Func<double, string> label)
    {
        var bars = new List<Bar>();
        for (var i = 0; i < scenarios.Count; i++)
        {
            foreach (var (phase, offset, color) in new[] { ("cold", -0.2, ColdColor), ("warm", 0.2, WarmColor) })
            {
                var row = summary.FirstOrDefault(r => r.Scenario == scenarios[i] && r.Phase == phase);
                if (row is null) continue;
                var v = value(row);
                bars.Add(new Bar { Position = i + offset, Value = v, FillColor = color, Size = 0.38, Label = label(v) });
            }
        }
        var plotted = plot.Add.Bars(bars);
        plotted.ValueLabelStyle.FontSize = 11;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, scenarios.Count).Select(i => (double)i).ToArray(), scenarios.ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.HideGrid();
        plot.Axes.Margins(bottom: 0, top: 0.15);
        plot.Title(title);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "cold", FillColor = ColdColor });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "warm", FillColor = WarmColor });
        plot.Legend.Alignment = Alignment.UpperRight;
        plot.ShowLegend();
    }
}
