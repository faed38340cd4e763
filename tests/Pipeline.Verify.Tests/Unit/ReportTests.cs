using Pipeline.Testing;
using Pipeline.Verify.Checks;
using Pipeline.Verify.Reporting;

namespace Pipeline.Verify.Tests.Unit;

public class ReportTests
{
    private static readonly CheckResult[] Results =
    [
        new("api", "localhost/api:latest", "no-cuda-packages", CheckStatus.Passed, "no CUDA packages", null, null, TimeSpan.FromMilliseconds(800)),
        new("api", "localhost/api:latest", "non-root-user", CheckStatus.Warning, "image runs as root by default", null, null, TimeSpan.Zero),
        new("worker", "localhost/worker:latest", "no-cuda-packages", CheckStatus.Failed, "CUDA packages installed: nvidia-cublas-cu12 12.4.5.8 | x",
            "nvidia-cublas-cu12==12.4.5.8\n\u001b[31mred\u001b[0m", "warning <&>", TimeSpan.FromSeconds(1.5)),
        new("worker", "localhost/worker:latest", "torch-cpu-only", CheckStatus.Skipped, "torch is not installed", null, null, TimeSpan.Zero),
    ];

    [Fact]
    public void Junit_report_validates_against_the_schema_and_parses_back()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("junit.xml");
        File.WriteAllText(path, JUnitReport.ToXml(JUnitReport.Build(Results, DateTimeOffset.UnixEpoch)));

        var document = JUnitSchema.ValidateAndLoad(path);

        var suites = document.Root!.Elements("testsuite").ToList();
        Assert.Equal(["api", "worker"], suites.Select(s => s.Attribute("name")!.Value));
        Assert.Equal("1", document.Root.Attribute("failures")!.Value);
        Assert.Equal("1", document.Root.Attribute("skipped")!.Value);
        var failed = suites[1].Elements("testcase").First();
        Assert.Equal("verify.worker", failed.Attribute("classname")!.Value);
        Assert.Equal("1.500", failed.Attribute("time")!.Value);
        Assert.StartsWith("CUDA packages installed", failed.Element("failure")!.Attribute("message")!.Value);
        Assert.Contains("[31mred", failed.Element("system-out")!.Value); // the ESC byte is dropped, the text kept
        Assert.Equal("warning <&>", failed.Element("system-err")!.Value);
        Assert.NotNull(suites[1].Elements("testcase").Last().Element("skipped"));
        Assert.StartsWith("WARNING: ", suites[0].Elements("testcase").Last().Element("system-out")!.Value);
    }

    [Fact]
    public void A_check_that_could_not_run_is_a_junit_error_not_a_failure()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("junit.xml");
        CheckResult[] results =
        [
            .. Results,
            new("worker", "localhost/worker:latest", "python-imports", CheckStatus.Failed, "check could not run: IOException: no /bin/sh",
                null, null, TimeSpan.Zero) { CouldNotRun = true },
        ];
        File.WriteAllText(path, JUnitReport.ToXml(JUnitReport.Build(results, DateTimeOffset.UnixEpoch)));

        var document = JUnitSchema.ValidateAndLoad(path);

        Assert.Equal("1", document.Root!.Attribute("failures")!.Value);
        Assert.Equal("1", document.Root.Attribute("errors")!.Value);
        var worker = document.Root.Elements("testsuite").Single(s => s.Attribute("name")!.Value == "worker");
        Assert.Equal("1", worker.Attribute("errors")!.Value);
        var broken = worker.Elements("testcase").Single(t => t.Attribute("name")!.Value == "python-imports");
        Assert.Null(broken.Element("failure"));
        Assert.Equal("check could not run: IOException: no /bin/sh", broken.Element("error")!.Attribute("message")!.Value);
    }

    [Fact]
    public void Markdown_summary_has_an_outcome_line_a_table_per_image_and_failed_output()
    {
        var markdown = MarkdownSummary.Build(Results);

        Assert.StartsWith("## Verify: ✗ 1 of 4 checks failed\n", markdown);
        Assert.Contains("### api (`localhost/api:latest`)", markdown);
        Assert.Contains("| ✗ | no-cuda-packages | CUDA packages installed: nvidia-cublas-cu12 12.4.5.8 \\| x |", markdown);
        Assert.Contains("<details><summary>no-cuda-packages output</summary>", markdown);
        Assert.Contains("nvidia-cublas-cu12==12.4.5.8", markdown);
    }

    [Fact]
    public void Console_table_aligns_columns_and_names_the_outcome()
    {
        var lines = ResultTable.Format("worker", "localhost/worker:latest", Results[2..]);

        Assert.Equal("worker (localhost/worker:latest): 1 of 2 checks failed", lines[0]);
        Assert.Equal("Status    | Check            | Details", lines[1]);
        Assert.StartsWith("✗ failed  | no-cuda-packages | CUDA packages", lines[3]);
        Assert.Equal("– skipped | torch-cpu-only   | torch is not installed", lines[4]);
    }
}
