using System.Diagnostics;
using Pipeline.Containers.Engine;
using Pipeline.Testing;

namespace Pipeline.Stack.Tests.Faults;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM sent to a real <c>./build.sh BuildParallel</c> (a child in a session of its own, so the
/// signal reaches the build the way a terminal's Ctrl+C does, and nothing else) once its log shows a RUN step running.
/// The build starts its own podman service, as it does when no engine answers. Checked: exit 130, no working
/// container of the run's images, no podman service left on the build's socket, no run record, then <c>--continue</c>
/// completes. Covers BuildParallel only: the other Rebuild targets need the example stack (minutes a case); their
/// <c>--continue</c> after Ctrl+C is <c>FailureTests.Continue_after_ctrl_c_resumes_from_the_target_that_was_cancelled</c>.
/// </summary>
[Collection(nameof(EngineKillTests))]
public class CancelTargetTests
{
    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_signal_during_BuildParallel_exits_130_leaves_nothing_and_continue_completes(string signal)
    {
        var podman = await PodmanService.GetAsync();
        var busybox = await podman.EnsureBusyboxImageAsync();
        var marker = $"fault{Guid.NewGuid():N}"[..17];
        var baseImage = $"localhost/pipeline-{marker}:base";
        await using var engine = await podman.ConnectAsync();
        await EngineKillTests.BuildUniqueBaseAsync(engine, busybox, baseImage, marker);
        using var root = new TempDirectory("fault-cancel");
        root.Write("stack/docker-compose.yml", $"name: {marker}\nservices:\n  app:\n    build: ./app\n");
        root.Write("stack/app/Dockerfile", $"FROM {baseImage}\nRUN echo {marker} && sleep 6\n");
        try
        {
            var (exit, output, socket) = await RunAsync(root, ["BuildParallel", "--no-cache"], cancelWhen: line => line.Contains("STEP 2/", StringComparison.Ordinal), signal);
            Assert.True(exit == 130, $"exit {exit}\n{output}");
            Assert.Contains("BuildParallel cleanup:", output);
            Assert.Empty(await EngineKillTests.WorkingContainersAsync(engine, marker));
            Assert.NotNull(socket);
            Assert.Empty(KillableEngine.ProcessesWith(socket!));
            Assert.Empty(Directory.Exists(root.Combine(".nuke", "temp", "builds")) ? Directory.GetFiles(root.Combine(".nuke", "temp", "builds")) : []);

            var (again, continued, _) = await RunAsync(root, ["BuildParallel", "--no-cache", "--continue"], cancelWhen: null, signal);
            Assert.True(again == 0, continued);
            Assert.Matches(@"(?m)^BuildParallel\s+Succeeded", continued);
        }
        finally
        {
            foreach (var image in new[] { $"{marker}-app", baseImage })
            {
                try { await engine.Client.Images.DeleteImageAsync(image, new Docker.DotNet.Models.ImageDeleteParameters { Force = true }); }
                catch (Docker.DotNet.DockerApiException) { }
            }
        }
    }

    /// <summary>Runs build.sh in a session of its own; sends the signal to its group when a log line matches.</summary>
    private static async Task<(int Exit, string Output, string? Socket)> RunAsync(TempDirectory root, string[] args, Func<string, bool>? cancelWhen, string signal)
    {
        var start = new ProcessStartInfo("setsid") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        // A test host started in the background (nohup, CI runners) inherits SIGINT ignored, and an ignored signal stays
        // ignored across exec (.NET then never sees Ctrl+C); a terminal's build has the default action, so restore it.
        foreach (var a in new[] { "python3", "-c", "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])",
                                  Path.Combine(RepoPaths.Root, "build.sh") }.Concat(args)
                     .Concat(["--root", root.Path, "--compose-file", root.Combine("stack", "docker-compose.yml"), "--no-logo"]))
            start.ArgumentList.Add(a);
        start.Environment.Remove(TestEngine.EndpointVariable);
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        string? socket = null;
        var signalled = 0;
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (output) output.AppendLine(line);
            var match = System.Text.RegularExpressions.Regex.Match(line, @"unix://(\S+\.sock)");
            if (match.Success) socket ??= match.Groups[1].Value;
            // The signal goes to the build's process group (setsid made the build its leader), as a terminal sends Ctrl+C.
            if (cancelWhen is not null && cancelWhen(line) && Interlocked.Exchange(ref signalled, 1) == 0)
                Process.Start("kill", ["-" + signal, "--", "-" + process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        process.WaitForExit(); // the output's end
        if (cancelWhen is not null) Assert.True(signalled == 1, "the build ended before the signal was sent:\n" + output);
        lock (output) return (process.ExitCode, output.ToString(), socket);
    }
}
