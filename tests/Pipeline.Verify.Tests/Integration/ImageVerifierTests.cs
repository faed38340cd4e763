using Pipeline.Testing;
using Pipeline.Verify.Checks;
using Pipeline.Verify.Checks.BuiltIn;
using Pipeline.Verify.Probing;
using Pipeline.Verify.Reporting;
using Serilog.Events;

namespace Pipeline.Verify.Tests.Integration;

[Collection(TestImagesCollection.Name)]
public sealed class ImageVerifierTests(TestImages images) : IDisposable
{
    private readonly TempDirectory _root = new("verify");

    public void Dispose() => _root.Dispose();

    private VerifyOptions Options(params VerifyTarget[] targets) => new()
    {
        Targets = targets,
        RootDirectory = _root.Path,
        CommandTimeout = TimeSpan.FromSeconds(60),
    };

    private static CheckResult Row(VerifyResult result, string service, string check) =>
        Assert.Single(result.Results, r => r.Service == service && r.Check == check);

    [Fact]
    public async Task Cuda_check_fails_on_the_stand_in_cublas_and_names_it_and_passes_the_clean_image()
    {
        var (logger, sink) = CollectingSink.Create();
        var options = Options(new VerifyTarget("api", TestImages.Clean), new VerifyTarget("worker", TestImages.Cuda));

        var result = await new ImageVerifier(images.Engine, logger).VerifyAsync(options, CancellationToken.None);

        Assert.False(result.Success);
        var cuda = Row(result, "worker", NoCudaPackagesCheck.CheckName);
        Assert.Equal(CheckStatus.Failed, cuda.Status);
        Assert.Contains("nvidia-cublas-cu12 12.4.5.8", cuda.Reason);
        Assert.DoesNotContain("numpy", cuda.Reason);
        var clean = Row(result, "api", NoCudaPackagesCheck.CheckName);
        Assert.Equal(CheckStatus.Passed, clean.Status);
        Assert.Contains("3 distributions", clean.Reason); // nvidia-ml-py is listed but is not CUDA
        Assert.Contains(sink.Lines, l => l.Level == LogEventLevel.Error && l.Text.StartsWith("✗ worker · no-cuda-packages: CUDA packages installed: nvidia-cublas-cu12"));
        Assert.Contains(sink.Lines, l => l.Text.StartsWith("✓ api · no-cuda-packages"));
        Assert.Contains(sink.Lines, l => l.Text.StartsWith("worker (") && l.Text.Contains("checks failed"));
        Assert.Equal(0, await images.CountRunContainersAsync(result.RunId));
    }

    [Fact]
    public async Task The_same_image_with_the_same_checks_is_not_checked_again_and_the_report_says_reused()
    {
        var runs = 0;
        CheckSet Checks(string command) => new CheckSet()
            .Add(new CommandCheck("shell-works", command))
            .Add(new DelegateCheck("counted", (_, _) => { Interlocked.Increment(ref runs); return Task.FromResult(CheckOutcome.Pass("ran")); }));
        var (logger, sink) = CollectingSink.Create();
        var options = Options(new VerifyTarget("api", TestImages.Clean)) with { Checks = Checks("true") };

        var first = await new ImageVerifier(images.Engine).VerifyAsync(options, CancellationToken.None);
        var second = await new ImageVerifier(images.Engine, logger).VerifyAsync(options, CancellationToken.None);

        Assert.True(first.Success && second.Success);
        Assert.Equal(1, runs); // the second run did not run the check
        Assert.All(first.Results, r => Assert.False(r.Reused));
        Assert.All(second.Results, r => Assert.True(r.Reused));
        Assert.Equal("2", second.Notes["reused"]);
        Assert.Equal(first.Results.Select(r => (r.Check, r.Status, r.Reason)), second.Results.Select(r => (r.Check, r.Status, r.Reason)));
        Assert.Contains(sink.Lines, l => l.Text.StartsWith("✓ api · counted: ran (reused", StringComparison.Ordinal));
        Assert.Equal(0, await images.CountRunContainersAsync(second.RunId)); // no probe container was needed

        // A check defined differently: the image is checked again.
        var changed = await new ImageVerifier(images.Engine).VerifyAsync(options with { Checks = Checks("test -d /") }, CancellationToken.None);
        Assert.Equal(2, runs);
        Assert.All(changed.Results, r => Assert.False(r.Reused));

        // Without a store every run checks.
        await new ImageVerifier(images.Engine).VerifyAsync(options with { Checks = Checks("test -d /"), ReuseStorePath = null }, CancellationToken.None);
        Assert.Equal(3, runs);
    }

    [Fact]
    public async Task A_failed_verification_is_never_reused()
    {
        var runs = 0;
        var options = Options(new VerifyTarget("api", TestImages.Clean)) with
        {
            Checks = new CheckSet().Add(new DelegateCheck("fails", (_, _) => { Interlocked.Increment(ref runs); return Task.FromResult(CheckOutcome.Fail("no")); })),
        };

        await new ImageVerifier(images.Engine).VerifyAsync(options, CancellationToken.None);
        var second = await new ImageVerifier(images.Engine).VerifyAsync(options, CancellationToken.None);

        Assert.Equal(2, runs);
        Assert.False(Assert.Single(second.Results).Reused);
    }

    [Fact]
    public async Task Torch_version_check_works_without_python_and_says_the_runtime_part_was_skipped()
    {
        var options = Options(new VerifyTarget("api", TestImages.Clean), new VerifyTarget("worker", TestImages.Cuda))
            with { Checks = new CheckSet().Add(new TorchCpuCheck()) };

        var result = await new ImageVerifier(images.Engine).VerifyAsync(options, CancellationToken.None);

        var cpu = Row(result, "api", TorchCpuCheck.CheckName);
        Assert.Equal(CheckStatus.Passed, cpu.Status);
        Assert.Contains("2.5.1+cpu", cpu.Reason);
        Assert.Contains(TorchProbeResult.PythonAbsentNote, cpu.Reason);
        var cuda = Row(result, "worker", TorchCpuCheck.CheckName);
        Assert.Equal(CheckStatus.Failed, cuda.Status);
        Assert.Contains("torch 2.5.1 is not a +cpu build", cuda.Reason);
        Assert.Equal(0, await images.CountRunContainersAsync(result.RunId));
    }

    [Fact]
    public async Task An_image_over_its_size_budget_fails_and_one_within_passes()
    {
        var options = Options(
                new VerifyTarget("api", TestImages.Clean) { SizeBudgetBytes = 1000 },
                new VerifyTarget("worker", TestImages.Cuda) { SizeBudgetBytes = 10_000_000_000 })
            with { Checks = new CheckSet().Add(new ImageSizeCheck()) };

        var result = await new ImageVerifier(images.Engine).VerifyAsync(options, CancellationToken.None);

        var over = Row(result, "api", ImageSizeCheck.CheckName);
        Assert.Equal(CheckStatus.Failed, over.Status);
        Assert.StartsWith("over budget by", over.Reason);
        Assert.Equal(CheckStatus.Passed, Row(result, "worker", ImageSizeCheck.CheckName).Status);
        Assert.False(result.Success);
    }

    [Fact]
    public async Task Size_delta_is_reported_against_the_previously_verified_image_and_recorded()
    {
        var history = _root.Write("artifacts/verify/image-sizes.json",
            """{"version":1,"images":{"IMAGE":{"current":{"imageId":"sha256:older","sizeBytes":1000,"verifiedAt":"2026-01-01T00:00:00+00:00"}}}}"""
                .Replace("IMAGE", TestImages.Clean));
        var options = Options(new VerifyTarget("api", TestImages.Clean) { MaxSizeGrowthBytes = 10 })
            with { Checks = new CheckSet().Add(new ImageSizeCheck()) };

        var result = await new ImageVerifier(images.Engine).VerifyAsync(options, CancellationToken.None);

        var row = Row(result, "api", ImageSizeCheck.CheckName);
        Assert.Equal(CheckStatus.Failed, row.Status);
        Assert.Contains("since the last verified image", row.Reason);
        Assert.StartsWith("grew by more than 10 B", row.Reason);
        var stored = await History.SizeHistoryStore.LoadAsync(history, CancellationToken.None);
        var entry = stored.Entries[TestImages.Clean];
        Assert.NotEqual("sha256:older", entry.Current.ImageId);
        Assert.Equal("sha256:older", entry.Previous?.ImageId);
    }

    [Fact]
    public async Task A_hanging_command_is_cut_by_the_timeout_reported_and_its_container_removed()
    {
        var (logger, sink) = CollectingSink.Create();
        var options = Options(new VerifyTarget("api", TestImages.Clean)) with
        {
            Checks = new CheckSet()
                .Add(new CommandCheck("hangs", "echo started; sleep 600") { Timeout = TimeSpan.FromSeconds(2) })
                .Add(new CommandCheck("after-the-hang", "echo still works")),
        };

        var result = await new ImageVerifier(images.Engine, logger).VerifyAsync(options, CancellationToken.None);

        var hang = Row(result, "api", "hangs");
        Assert.Equal(CheckStatus.Failed, hang.Status);
        Assert.Contains("timed out after 2 s", hang.Reason);
        Assert.Equal(CheckStatus.Passed, Row(result, "api", "after-the-hang").Status);
        Assert.Contains(sink.Lines, l => l.Text.Contains("hangs") && l.Text.Contains("timed out"));
        Assert.Equal(0, await images.CountRunContainersAsync(result.RunId));
    }

    [Fact]
    public async Task Cancelling_mid_command_throws_and_still_removes_the_probe_container()
    {
        using var cts = new CancellationTokenSource();
        var runId = "cancel" + Guid.NewGuid().ToString("N")[..6];
        var containersWhileRunning = -1;
        var options = Options(new VerifyTarget("api", TestImages.Clean)) with
        {
            RunId = runId,
            Checks = new CheckSet().Add(new DelegateCheck("interrupted", async (ctx, ct) =>
            {
                await ctx.RunAsync("true", ct);
                containersWhileRunning = await images.CountRunContainersAsync(runId);
                cts.Cancel(); // what Ctrl+C does to the target's token
                await ctx.RunAsync("sleep 600", ct);
                return CheckOutcome.Pass("not reached");
            })),
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new ImageVerifier(images.Engine).VerifyAsync(options, cts.Token));

        Assert.Equal(1, containersWhileRunning);
        Assert.Equal(0, await images.CountRunContainersAsync(runId));
    }

    [Fact]
    public async Task A_missing_image_is_a_clear_failure_not_a_crash()
    {
        var options = Options(
            new VerifyTarget("ghost", "localhost/pipeline-verify-test-missing:latest"),
            new VerifyTarget("api", TestImages.Clean)) with { Checks = new CheckSet().Add(new ImageSizeCheck()) };

        var result = await new ImageVerifier(images.Engine).VerifyAsync(options, CancellationToken.None);

        Assert.False(result.Success);
        var missing = Row(result, "ghost", CheckResult.ImagePresentCheck);
        Assert.Equal(CheckStatus.Failed, missing.Status);
        Assert.Equal("image localhost/pipeline-verify-test-missing:latest not found: run BuildParallel first", missing.Reason);
        Assert.Equal(CheckStatus.Passed, Row(result, "api", ImageSizeCheck.CheckName).Status);
    }

    [Fact]
    public async Task Pip_settings_and_user_checks_read_the_image_config()
    {
        var options = Options(
            new VerifyTarget("api", TestImages.Clean) { Pip = new PipExpectation(60, 10), ExpectedUser = "1000" },
            new VerifyTarget("worker", TestImages.Cuda) { Pip = new PipExpectation(60, 10), ExpectedUser = "1000" },
            new VerifyTarget("plain", TestImages.Cuda)) with
        {
            Checks = new CheckSet().Add(new PipSettingsCheck()).Add(new NonRootUserCheck()),
        };

        var result = await new ImageVerifier(images.Engine).VerifyAsync(options, CancellationToken.None);

        Assert.Equal(CheckStatus.Passed, Row(result, "api", PipSettingsCheck.CheckName).Status);
        var pip = Row(result, "worker", PipSettingsCheck.CheckName);
        Assert.Equal(CheckStatus.Failed, pip.Status);
        Assert.Contains("PIP_RETRIES is not set", pip.Reason);
        Assert.Equal(CheckStatus.Passed, Row(result, "api", NonRootUserCheck.CheckName).Status);
        Assert.Equal(CheckStatus.Warning, Row(result, "worker", NonRootUserCheck.CheckName).Status);
        Assert.DoesNotContain(result.Results, r => r.Service == "plain"); // neither check applies without expectations
    }

    [Fact]
    public async Task The_documented_user_checks_run()
    {
        // Same lines as docs/verify.md "Adding your own checks".
        var checks = CheckSet.BuiltIn();
        checks.Add(new CommandCheck("app-files", "test -f /app/main.py") { Services = ["api"] });
        checks.Add(new DelegateCheck("has-version-label", (ctx, ct) => Task.FromResult(
            ctx.Image.Labels.ContainsKey("org.opencontainers.image.version")
                ? CheckOutcome.Pass("labelled " + ctx.Image.Labels["org.opencontainers.image.version"])
                : CheckOutcome.Fail("no org.opencontainers.image.version label"))));
        var options = Options(new VerifyTarget("api", TestImages.Clean), new VerifyTarget("worker", TestImages.Cuda))
            with { Checks = checks };

        var result = await new ImageVerifier(images.Engine).VerifyAsync(options, CancellationToken.None);

        Assert.Equal(CheckStatus.Passed, Row(result, "api", "app-files").Status);
        Assert.DoesNotContain(result.Results, r => r.Service == "worker" && r.Check == "app-files");
        Assert.Equal("labelled 1.2.3", Row(result, "api", "has-version-label").Reason);
        Assert.Equal(CheckStatus.Failed, Row(result, "worker", "has-version-label").Status);
    }

    [Fact]
    public async Task A_check_that_throws_is_a_failed_row_marked_could_not_run_and_a_junit_error()
    {
        var checks = new CheckSet()
            .Add(new DelegateCheck("broken", (_, _) => throw new InvalidOperationException("bug in the check")))
            .Add(new DelegateCheck("fine", (_, _) => Task.FromResult(CheckOutcome.Fail("found a problem"))));
        var options = Options(new VerifyTarget("api", TestImages.Clean)) with { Checks = checks };

        var result = await new ImageVerifier(images.Engine).VerifyAsync(options, CancellationToken.None);

        var broken = Row(result, "api", "broken");
        Assert.Equal(CheckStatus.Failed, broken.Status);
        Assert.True(broken.CouldNotRun);
        Assert.False(Row(result, "api", "fine").CouldNotRun);
        var junit = JUnitSchema.ValidateAndLoad(result.JUnitPath);
        Assert.Equal(("1", "1"), (junit.Root!.Attribute("errors")!.Value, junit.Root.Attribute("failures")!.Value));
    }

    [Fact]
    public async Task A_failing_command_reports_exit_code_and_both_output_streams_in_the_reports()
    {
        var stepSummary = _root.Write("step-summary.md", "# Earlier step\n");
        var options = Options(new VerifyTarget("api", TestImages.Clean)) with
        {
            Checks = new CheckSet().Add(new CommandCheck("fails", "echo to-out; echo to-err >&2; exit 3")),
            GitHubStepSummaryPath = stepSummary,
            JUnitPath = "out/junit.xml",
        };

        var result = await new ImageVerifier(images.Engine).VerifyAsync(options, CancellationToken.None);

        var row = Row(result, "api", "fails");
        Assert.Contains("exit code 3", row.Reason);
        Assert.Equal("to-out", row.Stdout?.Trim());
        Assert.Equal("to-err", row.Stderr?.Trim());
        Assert.Equal(_root.Combine("out", "junit.xml"), result.JUnitPath);
        var junit = JUnitSchema.ValidateAndLoad(result.JUnitPath);
        var testcase = Assert.Single(junit.Descendants("testcase"));
        Assert.Contains("to-out", testcase.Element("system-out")?.Value);
        Assert.Equal("to-err", testcase.Element("system-err")?.Value.Trim());
        Assert.NotNull(testcase.Element("failure"));
        var summary = await File.ReadAllTextAsync(stepSummary);
        Assert.StartsWith("# Earlier step\n## Verify: ✗ 1 of 1 checks failed", summary);
        Assert.Equal(await File.ReadAllTextAsync(_root.Combine("artifacts", "verify", "summary.md")) + "\n", summary["# Earlier step\n".Length..]);
    }

    [Fact]
    public async Task The_junit_file_validates_and_parses_back_to_one_testcase_per_image_and_check()
    {
        var options = Options(new VerifyTarget("api", TestImages.Clean), new VerifyTarget("worker", TestImages.Cuda));

        var result = await new ImageVerifier(images.Engine).VerifyAsync(options, CancellationToken.None);

        Assert.Equal(_root.Combine("artifacts", "verify", "junit.xml"), result.JUnitPath);
        var document = JUnitSchema.ValidateAndLoad(result.JUnitPath);
        var cases = document.Descendants("testcase")
            .Select(c => (Suite: c.Parent!.Attribute("name")!.Value, Name: c.Attribute("name")!.Value, Failed: c.Element("failure") is not null))
            .ToList();
        Assert.Equal(result.Results.Select(r => (r.Service, r.Check, r.Status == CheckStatus.Failed)), cases);
        Assert.Contains(("worker", NoCudaPackagesCheck.CheckName, true), cases);
        Assert.Equal(result.Failures.Count.ToString(), document.Root!.Attribute("failures")!.Value);
    }

    [Fact]
    public async Task Long_output_is_cut_at_the_configured_limit()
    {
        var options = Options(new VerifyTarget("api", TestImages.Clean)) with
        {
            Checks = new CheckSet().Add(new CommandCheck("chatty", "yes 0123456789 | head -c 200000; exit 1")),
            MaxOutputChars = 1000,
        };

        var result = await new ImageVerifier(images.Engine).VerifyAsync(options, CancellationToken.None);

        var stdout = Row(result, "api", "chatty").Stdout!;
        Assert.StartsWith("0123456789\n0123456789", stdout);
        Assert.EndsWith("(output cut after 1000 characters)", stdout);
        Assert.True(stdout.Length < 1100, $"{stdout.Length} characters kept");
    }
}
