using System.Collections.Concurrent;
using Pipeline.Testing;
using Pipeline.Verify.Checks;

namespace Pipeline.Verify.Tests.Integration;

/// <summary>
/// What a Verify run leaves in the engine and on the host: nothing. podman keeps a <c>conmon</c> per exec for its
/// <c>exit_command_delay</c> (5 minutes) after the command ended, also after the container is removed; a run of five
/// images with a few checks each left about 60 of them on the shared engine.
/// </summary>
[Collection(TestImagesCollection.Name)]
public sealed class LeftoverTests(TestImages images) : IDisposable
{
    private readonly TempDirectory _root = new("verify-leftovers");

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_run_leaves_no_probe_container_and_no_exec_monitor_behind()
    {
        // A probe's hostname is its container's short ID: the one thing that finds its conmons once it is removed.
        var probes = new ConcurrentBag<string>();
        var checks = new CheckSet()
            .Add(new DelegateCheck("hostname", async (context, ct) =>
            {
                var output = await context.RunAsync("hostname", ct);
                probes.Add(output.Stdout.Trim());
                return CheckOutcome.Pass(output.Stdout.Trim());
            }))
            .Add(new CommandCheck("true", "true"))
            .Add(new CommandCheck("echo", "echo out; echo err >&2"))
            .Add(new CommandCheck("fails", "exit 3"));
        var options = new VerifyOptions
        {
            Targets = [new VerifyTarget("api", TestImages.Clean), new VerifyTarget("worker", TestImages.Cuda)],
            RootDirectory = _root.Path,
            Checks = checks,
            CommandTimeout = TimeSpan.FromSeconds(60),
        };

        var result = await new ImageVerifier(images.Engine).VerifyAsync(options, CancellationToken.None);

        Assert.Equal(8, result.Results.Count);
        Assert.Equal(2, probes.Distinct().Count());
        Assert.All(probes, p => Assert.Matches("^[0-9a-f]{12}$", p));
        Assert.Equal(0, await images.CountRunContainersAsync(result.RunId));
        Assert.Empty(ConmonsOf(probes));
    }

    /// <summary>conmon processes (the container's own and its execs') of the containers whose IDs start with <paramref name="shortIds"/>.</summary>
    private static List<string> ConmonsOf(IEnumerable<string> shortIds)
    {
        var prefixes = shortIds.ToList();
        var found = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)))
        {
            string[] arguments;
            try { arguments = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0'); }
            catch (IOException) { continue; } // the process ended while we looked
            catch (UnauthorizedAccessException) { continue; }
            if (arguments.Length == 0 || Path.GetFileName(arguments[0]) != "conmon") continue;
            var container = arguments.SkipWhile(a => a != "-c").Skip(1).FirstOrDefault() ?? "";
            if (prefixes.Any(p => container.StartsWith(p, StringComparison.Ordinal)))
                found.Add($"{Path.GetFileName(directory)}: conmon -c {container}");
        }
        return found;
    }
}
