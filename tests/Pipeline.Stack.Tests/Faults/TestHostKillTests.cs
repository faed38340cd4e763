using System.Diagnostics;
using Pipeline.Testing;

namespace Pipeline.Stack.Tests.Faults;

/// <summary>
/// A real <c>kill -9</c> of a test host (issue 20): a child process (<see cref="HostProgram"/>) starts the run's shared
/// podman service and one of its own through <see cref="PodmanService"/>, the way every test host does, and is killed
/// with SIGKILL once both answer. Its services must end with it (the product's parent-death signal), and its own
/// service's folder (<c>/tmp/pipeline-test-engine/own-&lt;pid&gt;-…</c>) must be gone after the next test host's start.
/// </summary>
public class TestHostKillTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "pipeline-test-engine");

    [Fact]
    public async Task A_killed_test_host_leaves_no_podman_service_and_the_next_start_removes_its_folder()
    {
        using var dir = new TempDirectory("fault-host");
        var ready = dir.Combine("ready");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "exec", typeof(HostProgram).Assembly.Location, "hold-podman", ready }) start.ArgumentList.Add(argument);
        start.Environment.Remove("PIPELINE_TEST_ENGINE"); // the child starts its own shared service, as a run without it does
        using var host = Process.Start(start)!;
        host.OutputDataReceived += (_, _) => { };
        host.ErrorDataReceived += (_, _) => { };
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();
        try
        {
            // Readiness poll with a deadline: the child says it is ready in a file (two services started under load).
            var clock = Stopwatch.StartNew();
            while (!File.Exists(ready) && !host.HasExited && clock.Elapsed < TimeSpan.FromMinutes(3))
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            Assert.True(File.Exists(ready), $"the child test host did not start its services (exited: {host.HasExited})");

            var folder = Assert.Single(Directory.GetDirectories(Root, $"own-{host.Id}-*"));
            var services = new[] { Path.Combine(Root, $"podman-{host.Id}.pid"), Path.Combine(folder, $"podman-{host.Id}.pid") }
                .Select(file => int.Parse(File.ReadAllText(file).Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.All(services, pid => Assert.True(IsPodmanService(pid), $"{pid} is not a running podman service"));

            host.Kill(); // SIGKILL: no ProcessExit, no dispose, no finally
            await host.WaitForExitAsync();

            // The kernel ends the services (setpriv --pdeathsig KILL); poll their /proc entries with a deadline.
            clock.Restart();
            while (services.Any(IsPodmanService) && clock.Elapsed < TimeSpan.FromSeconds(20))
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            Assert.DoesNotContain(services, IsPodmanService);

            // The next test host's first service start sweeps the folders of hosts that are gone.
            await using (await PodmanService.StartOwnAsync("unqualified-search-registries = []\n"))
                Assert.False(Directory.Exists(folder), $"{folder} is still there after the next start");
        }
        finally
        {
            if (!host.HasExited) host.Kill();
        }
    }

    private static bool IsPodmanService(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Contains("system service", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
