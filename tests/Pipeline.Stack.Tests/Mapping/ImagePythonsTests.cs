using System.Text.Json;
using Docker.DotNet;
using Pipeline.Compose.Loading;
using Pipeline.Python;
using Pipeline.Stack.Mapping;
using Pipeline.Testing;
using Pipeline.Verify.Probing;
using Serilog;

namespace Pipeline.Stack.Tests.Mapping;

/// <summary>
/// Issue 19: a service whose final stage names no python: tag is locked for the Python its base image really runs,
/// asked through a real podman session (a micromamba-like stand-in on the bootstrapped base), cached by image ID.
/// </summary>
public class ImagePythonsTests
{
    private const string Image = "localhost/pipeline-stack-test-mamba:latest";

    [Fact]
    public async Task A_base_without_a_python_tag_is_asked_once_per_image_id_and_its_answer_is_the_lock_target()
    {
        var podman = await PodmanService.GetAsync();
        await using var engine = await podman.ConnectAsync();
        var client = engine.Client;
        await MambaLikeImage.BuildAsync(engine, Image, new Dictionary<string, string> { ["numpy"] = "2.2.0" });
        var id = (await client.Images.InspectImageAsync(Image)).ID;
        using var dir = new TempDirectory("image-pythons");
        dir.Write("docker-compose.yml", "services:\n  ml:\n    build: ./ml\n  web:\n    build: ./web\n");
        dir.Write("ml/Dockerfile", $"ARG BASE={Image}\nFROM ${{BASE}}\nCOPY requirements.txt /app/\n");
        dir.Write("ml/requirements.txt", "numpy\n");
        dir.Write("web/Dockerfile", "FROM python:3.13-slim\nCOPY requirements.txt .\n");
        dir.Write("web/requirements.txt", "fastapi\n");
        var project = await ComposeFileLoader.LoadAsync(new ComposeLoadOptions { Path = dir.Combine("docker-compose.yml") });
        var cache = dir.Combine(".nuke", "temp", ImagePythons.CacheFileName);
        var connections = 0;
        var images = new ImagePythons(_ => { connections++; return Task.FromResult(engine); }, cache, new LoggerConfiguration().CreateLogger());

        var targets = await PythonProjects.TargetsAsync(project, [], TargetPlatform.LinuxX86_64("3.12"), null, images.TargetOfAsync, CancellationToken.None);

        var ml = targets.Single(t => Path.GetFileName(t.Directory) == "ml");
        Assert.Matches(@"^CPython 3\.11\.\d+ linux x86_64 glibc 2\.36$", ml.Target.Description); // not the 3.12 fallback
        Assert.Contains($"asked {Image}: {MambaLikeImage.Interpreter} is Python 3.11.", ml.Origin);
        Assert.Equal("CPython 3.13.0 linux x86_64 glibc 2.36", targets.Single(t => Path.GetFileName(t.Directory) == "web").Target.Description);
        Assert.Equal(1, connections); // the python: tag needed no engine
        var stored = JsonSerializer.Deserialize<Dictionary<string, ImagePython>>(File.ReadAllText(cache))!;
        Assert.Equal(ml.Target.PythonFullVersion, stored[id].Version);

        // The cache answers for that image ID: what it says is what the next run locks for, with no container.
        stored[id] = stored[id] with { Version = "3.10.9" };
        File.WriteAllText(cache, JsonSerializer.Serialize(stored));
        var again = await PythonProjects.TargetsAsync(project, ["ml"], TargetPlatform.LinuxX86_64("3.12"), null, images.TargetOfAsync, CancellationToken.None);
        Assert.Equal("CPython 3.10.9 linux x86_64 glibc 2.36", again.Single().Target.Description);

        // An image the engine does not have falls back to the default, and says why.
        dir.Write("ml/Dockerfile", "FROM localhost/pipeline-no-such-image:never\n");
        var missing = await PythonProjects.TargetsAsync(project, ["ml"], TargetPlatform.LinuxX86_64("3.12"), null, images.TargetOfAsync, CancellationToken.None);
        Assert.Equal("CPython 3.12.0 linux x86_64 glibc 2.36", missing.Single().Target.Description);
        Assert.Contains("is not a python image", missing.Single().Origin);
    }

    [Theory]
    [InlineData("3.12.7", "aarch64", "musl", "1.2.4", "CPython 3.12.7 linux aarch64 musl 1.2")]
    [InlineData("3.13.5", "x86_64", "glibc", "2.41", "CPython 3.13.5 linux x86_64 glibc 2.41")]
    [InlineData("3.11.2", "", "glibc", "", "CPython 3.11.2 linux x86_64 glibc 2.36")]
    public void An_answer_becomes_the_lock_target(string version, string machine, string libc, string libcVersion, string expected) =>
        Assert.Equal(expected, ImagePythons.ToTarget(
            new ImagePython("sha256:x", new ProbedInterpreter("/usr/bin/python3", "PATH"), version, machine, libc, libcVersion),
            TargetPlatform.LinuxX86_64()).Description);
}
