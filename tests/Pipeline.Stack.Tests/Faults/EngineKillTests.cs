using Docker.DotNet.Models;
using Pipeline.Compose.Loading;
using Pipeline.Containers.Building;
using Pipeline.Containers.Engine;
using Pipeline.Testing;
using Serilog;
using Serilog.Events;

namespace Pipeline.Stack.Tests.Faults;

/// <summary>
/// The podman service killed (SIGKILL) at a random point of a real BuildParallel run: at the n-th step a build starts,
/// plus a random delay, both from the round's seed. Odd seeds start the service again on the same socket at once (a
/// crashed systemd service coming back), even seeds leave it dead until the run has ended. Every round checks the
/// outcome (finished images kept, the rest built again or failed with one line naming the engine) and what is left:
/// the working containers of the round's own images (before and after), the steps' processes, the services.
/// Rounds: <see cref="Seeds"/> (<c>PIPELINE_FAULT_ROUNDS</c> runs more).
/// </summary>
[Collection(nameof(EngineKillTests))]
public class EngineKillTests
{
    /// <summary>Seeds 1..4, or 1..<c>PIPELINE_FAULT_ROUNDS</c>.</summary>
    public static TheoryData<int> Seeds()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("PIPELINE_FAULT_ROUNDS"), out var n) && n > 0 ? n : 4;
        var data = new TheoryData<int>();
        for (var seed = 1; seed <= rounds; seed++) data.Add(seed);
        return data;
    }

    [FaultRoundsTheory]
    [MemberData(nameof(Seeds))]
    public async Task BuildParallel_survives_the_engine_killed_at_a_random_point(int seed)
    {
        var random = new Random(seed);
        var restart = seed % 2 == 1;
        var busybox = await (await PodmanService.GetAsync()).EnsureBusyboxImageAsync();
        await using var engine = await KillableEngine.StartAsync();
        var marker = $"fault{Guid.NewGuid():N}"[..17];
        var baseImage = $"localhost/pipeline-{marker}:base";
        await using (var setup = await engine.ConnectAsync())
            await BuildUniqueBaseAsync(setup, busybox, baseImage, marker);
        using var dir = new TempDirectory("fault-build");
        // A stack of three: a base and two images on it, each step a second long so that kills land inside steps too.
        dir.Write("compose.yaml",
            $"name: {marker}\nservices:\n  base:\n    build: ./base\n    image: localhost/{marker}-base:latest\n" +
            "  one:\n    build: ./one\n  two:\n    build: ./two\n");
        dir.Write("base/Dockerfile", $"FROM {baseImage}\nRUN sleep 1 && echo {marker} base > /base\n");
        foreach (var name in new[] { "one", "two" })
            dir.Write($"{name}/Dockerfile", $"FROM localhost/{marker}-base:latest\nRUN sleep 1 && echo {marker} {name} > /{name}\nRUN sleep 1 && echo {marker} done > /done\n");
        var images = new[] { $"localhost/{marker}-base:latest", $"{marker}-one", $"{marker}-two" };

        Task? restarted = null;
        var killAt = random.Next(1, 10); // of 11 step starts (without retries)
        var delay = TimeSpan.FromMilliseconds(random.Next(0, 1200));
        var fault = new FaultAtEvent(IsStepStart, killAt, () => _ = Task.Delay(delay).ContinueWith(_ =>
        {
            engine.Kill();
            if (restart) restarted = engine.RestartAsync();
        }, TaskScheduler.Default));
        var logger = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(fault).CreateLogger();
        var options = new BuildParallelOptions
        {
            Compose = new ComposeLoadOptions { Path = dir.Path },
            NoCache = true,
            Parallelism = 2,
            LeftoverWait = TimeSpan.FromSeconds(5),
            // Enough retries to outlast a restart under load (1+2+4+8 s), few when the engine stays away.
            Retry = new BuildRetryOptions { MaxAttempts = restart ? 5 : 2, BaseDelay = TimeSpan.FromSeconds(restart ? 1 : 0.2) },
        };

        BuildParallelResult result;
        await using (var session = await engine.ConnectAsync())
            result = await new ParallelImageBuilder(session, logger).BuildAsync(options);
        if (restarted is not null) await restarted;
        var context = $"seed {seed}: kill at step start {killAt} + {delay.TotalMilliseconds} ms, restart {restart}\n" +
                      string.Join("\n", result.Rows.Select(r => $"{r.Service}: {r.Outcome} x{r.Attempts} {r.Error}")) + "\n" + fault.Log;
        Assert.True(fault.Fired, context);
        Assert.Equal(1, engine.Kills);

        if (restart)
        {
            // The images in progress were built again on the restarted engine; the finished ones were not.
            Assert.All(result.Rows, r => Assert.True(r.Outcome == ImageBuildOutcome.Built, context));
        }
        else
        {
            // Each image is built (before the kill), or failed or skipped with one line that names the engine.
            Assert.Contains(result.Rows, r => !r.Outcome.Succeeded());
            foreach (var row in result.Rows.Where(r => !r.Outcome.Succeeded()))
            {
                Assert.False(string.IsNullOrEmpty(row.Error), context);
                Assert.DoesNotContain('\n', row.Error!);
                if (row.Outcome == ImageBuildOutcome.Failed)
                    Assert.True(row.Error!.Contains("engine", StringComparison.OrdinalIgnoreCase), context);
            }
            await engine.RestartAsync();
        }

        await using var after = await engine.ConnectAsync();
        try
        {
            if (!restart)
            {
                // The dead engine could not be asked to clean up: the next build does it (as the next ./build.sh would).
                var next = await new ParallelImageBuilder(after).BuildAsync(options with { NoCache = false });
                Assert.True(next.Success, context + "\nnext run: " + string.Join("; ", next.Rows.Select(r => $"{r.Service} {r.Outcome} {r.Error}")));
            }
            var left = await WorkingContainersAsync(after, marker);
            Assert.True(left.Count == 0, context + "\nnotes: " + string.Join("; ", result.Notes.Select(kv => $"{kv.Key}={kv.Value}"))
                + "\nleft: " + string.Join("\n", left.Select(c => $"{c.Name} {c.ImageId} {c.Created:HH:mm:ss.fff}")));
            Assert.Empty(KillableEngine.ProcessesWith(marker));
            Assert.Equal(1, engine.ServiceProcesses());
        }
        finally
        {
            foreach (var image in images.Append(baseImage).Reverse())
            {
                try { await after.Client.Images.DeleteImageAsync(image, new ImageDeleteParameters { Force = true }); }
                catch (Docker.DotNet.DockerApiException) { }
            }
        }
    }

    /// <summary>
    /// An image of the round's own (busybox plus a label): working containers from it, or from the step images that
    /// inherit its label, are the round's, while other builds use the same engine.
    /// </summary>
    internal static async Task BuildUniqueBaseAsync(EngineSession engine, string busybox, string image, string marker)
    {
        var context = await PodmanService.BuildContextAsync(new Dictionary<string, byte[]>
        {
            ["Dockerfile"] = System.Text.Encoding.UTF8.GetBytes($"FROM {busybox}\nLABEL io.pipeline.test.fault={marker}\n"),
        });
        var errors = new List<string>();
        await engine.Client.Images.BuildImageFromDockerfileAsync(
            new ImageBuildParameters { Tags = [image], ForceRemove = true, Remove = true }, context, null, null,
            new Pipeline.Testing.SynchronousProgress<JSONMessage>(m => { if (m.Error is not null) errors.Add(m.Error.Message ?? "unknown error"); }));
        Assert.Empty(errors);
    }

    private static bool IsStepStart(LogEvent e) =>
        e.Properties.TryGetValue("Step", out var step) && step.ToString().Contains("STEP", StringComparison.OrdinalIgnoreCase)
        && e.MessageTemplate.Text.StartsWith("[{Service}] {Step} (", StringComparison.Ordinal);

    /// <summary>Working containers from the round's base image or from an image carrying its label (the step images).</summary>
    internal static async Task<List<WorkingContainer>> WorkingContainersAsync(EngineSession engine, string marker)
    {
        var baseId = (await engine.Client.Images.InspectImageAsync($"localhost/pipeline-{marker}:base")).ID.Replace("sha256:", "", StringComparison.Ordinal);
        var found = new List<WorkingContainer>();
        foreach (var container in await WorkingContainers.ListAsync(engine, CancellationToken.None))
        {
            var id = container.ImageId.Replace("sha256:", "", StringComparison.Ordinal);
            if (id.Length == 0) continue;
            if (id == baseId) { found.Add(container); continue; }
            try
            {
                var labels = (await engine.Client.Images.InspectImageAsync(id)).Config?.Labels;
                if (labels is not null && labels.TryGetValue("io.pipeline.test.fault", out var label) && label == marker) found.Add(container);
            }
            catch (Docker.DotNet.DockerApiException)
            {
                // another build's step image, removed meanwhile
            }
        }
        return found;
    }
}
