using Pipeline.Benchmarks;
using Pipeline.Compose.Loading;
using Pipeline.Testing;

namespace Pipeline.Benchmarks.Tests;

public class SeedStackTests
{
    private static readonly string[] SeedServices = ["aidb", "hybrid-coordinator", "nixos-docs", "health-monitor", "ralph-wiggum"];

    [Fact]
    public void Plan_stubs_copied_files_the_fixture_lacks_and_files_run_from_copied_folders()
    {
        const string web = """
            FROM python:3.11-slim AS base
            WORKDIR /srv
            COPY web/requirements.txt .
            COPY web/ ./
            COPY shared/settings.yaml /etc/web/settings.yaml
            RUN chmod +x start.sh && chmod -R 0755 /srv/bin/tool.sh
            RUN mkdir -p /srv/cache
            COPY --from=base /srv /copy
            CMD ["/srv/start.sh", "--port", "80"]
            """;
        const string worker = """
            FROM python:3.11-slim
            WORKDIR /app
            COPY worker/main.py worker/helpers.py ./
            COPY worker/conf/ ./conf/
            COPY shared/settings.yaml /app/settings.yaml
            CMD ["python", "main.py"]
            """;
        var services = new[]
        {
            new SeedService("web", "web/Dockerfile", web, "web/Dockerfile.after"),
            new SeedService("worker", "worker/Dockerfile", worker, "worker/Dockerfile.after"),
        };

        var plan = SeedStackPlanner.Plan(services, ["web/Dockerfile", "web/requirements.txt", "worker/Dockerfile", "worker/helpers.py"]);

        Assert.Equal(
            [
                ("shared/settings.yaml", "web/Dockerfile.after:5"),
                ("web/start.sh", "web/Dockerfile.after:6"),
                ("web/bin/tool.sh", "web/Dockerfile.after:6"),
                ("worker/main.py", "worker/Dockerfile.after:3"),
                ("worker/conf/STUB.txt", "worker/Dockerfile.after:4"),
            ],
            plan.Stubs.Select(s => (s.Path, s.Reason.Split(": ")[0])));
        var start = plan.Stubs.Single(s => s.Path == "web/start.sh");
        Assert.True(start.Executable);
        Assert.StartsWith("#!/bin/sh\n", start.Text, StringComparison.Ordinal);
        Assert.Contains("\nexec python ", start.Text, StringComparison.Ordinal);
        Assert.All(plan.Stubs, s => Assert.Contains(SeedStackPlanner.StubMarker, s.Text, StringComparison.Ordinal));
        Assert.False(plan.Stubs.Single(s => s.Path == "worker/main.py").Executable);
    }

    [Fact]
    public void By_hand_edit_points_pip_at_the_upstream_and_changes_nothing_else()
    {
        const string after = """
            # syntax=docker/dockerfile:1.3
            FROM python:3.11-slim
            RUN --mount=type=cache,target=/root/.cache/pip \
                pip config set global.timeout 300 && pip config set global.retries 5
            RUN --mount=type=cache,target=/root/.cache/pip \
                pip install \
                --index-url https://download.pytorch.org/whl/cpu \
                torch==2.5.1
            RUN pip install --extra-index-url https://download.pytorch.org/whl/cpu/ x \
                && pip download --index-url https://download.pytorch.org/whl/cpu-cxx11-abi y
            """;
        const string expected = """
            # syntax=docker/dockerfile:1.3
            FROM python:3.11-slim
            ARG PIP_INDEX_URL
            ARG PIP_TRUSTED_HOST
            RUN --mount=type=cache,target=/root/.cache/pip \
                pip config set global.timeout 300 && pip config set global.retries 5
            RUN --mount=type=cache,target=/root/.cache/pip \
                pip install \
                --index-url http://127.0.0.1:5000/cpu/simple/ \
                torch==2.5.1
            RUN pip install --extra-index-url http://127.0.0.1:5000/cpu/simple/ x \
                && pip download --index-url https://download.pytorch.org/whl/cpu-cxx11-abi y
            """;

        var edited = StackCopy.PointAtUpstream(after, "http://127.0.0.1:5000/cpu/simple/");

        Assert.Equal(expected, edited);
        Assert.Equal(expected, StackCopy.PointAtUpstream(edited, "http://127.0.0.1:5000/cpu/simple/"));
    }

    [Fact]
    public void An_unknown_stack_name_is_one_line_naming_the_choices()
    {
        using var dir = new TempDirectory("bench-stack");
        var options = new BenchmarkOptions { RootDirectory = dir.Path, ComposeFile = dir.Write("docker-compose.yml", "services: {}\n"), Stack = "sead" };

        var problems = options.Problems();

        Assert.Equal(["BenchmarkOptions.Stack 'sead': expected compose (the --compose-file stack, the default) or seed (the seed stack fixture)"], problems);
        Assert.Empty((options with { Stack = "compose" }).Problems());
    }

    [Fact]
    public void The_seed_stack_is_refused_in_one_line_when_its_fixture_is_not_beside_the_repository()
    {
        using var dir = new TempDirectory("bench-stack");
        var root = dir.Combine("repo");
        Directory.CreateDirectory(root);
        var options = new BenchmarkOptions { RootDirectory = root, ComposeFile = dir.Combine("repo", "none.yml"), Stack = "seed" };

        var problem = Assert.Single(options.Problems());

        Assert.StartsWith("BenchmarkOptions.Stack 'seed': the seed stack fixture is not there (", problem, StringComparison.Ordinal);
        Assert.Contains(dir.Combine("shared", "fixtures", "seed-stack"), problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Copies_of_a_stack_whose_contexts_are_above_its_compose_file_take_the_root_along()
    {
        using var dir = new TempDirectory("bench-copy");
        var compose = dir.Write("stack/compose/docker-compose.yml", "services:\n  app:\n    build:\n      context: ../src\n      dockerfile: app/Dockerfile\n");
        dir.Write("stack/src/app/Dockerfile", "FROM python:3.11-slim\n");

        var copied = StackCopy.Copy(compose, dir.Combine("runs", "x"), root: dir.Combine("stack"));

        Assert.Equal(dir.Combine("runs", "x", "compose", "docker-compose.yml"), copied);
        Assert.True(File.Exists(dir.Combine("runs", "x", "src", "app", "Dockerfile")));
        Assert.Throws<ArgumentException>(() => StackCopy.Copy(compose, dir.Combine("runs", "y"), root: dir.Combine("stack", "src")));
    }

    [FixtureFact]
    public async Task The_seed_stack_is_written_with_the_fixtures_files_and_a_stub_for_each_file_its_Dockerfiles_need()
    {
        using var dir = new TempDirectory("seed-stack");
        var destination = dir.Combine("seed-stack");

        var seed = await SeedStack.MaterialiseAsync(RepoPaths.Fixture("seed-stack"), destination, null, CancellationToken.None);

        Assert.Equal(SeedServices.Order(), seed.Services.Order());
        Assert.Equal(["aider-wrapper", "embeddings"], seed.LeftOut.Keys.Order());
        Assert.Equal(
            File.ReadAllText(RepoPaths.Fixture("seed-stack", "docker-compose.yml")),
            File.ReadAllText(seed.ComposeFile));
        var servers = Path.Combine(destination, "mcp-servers");
        Assert.Equal(File.ReadAllText(RepoPaths.Fixture("seed-stack", "aidb", "Dockerfile.after")), File.ReadAllText(Path.Combine(servers, "aidb", "Dockerfile")));
        Assert.Equal(File.ReadAllText(RepoPaths.Fixture("seed-stack", "nixos-docs", "requirements.after.txt")), File.ReadAllText(Path.Combine(servers, "nixos-docs", "requirements.txt")));
        if (!OperatingSystem.IsWindows()) Assert.True(File.GetUnixFileMode(Path.Combine(servers, "aidb", "Dockerfile")).HasFlag(UnixFileMode.UserWrite), "the fixture is read-only, the stack is not");
        var stubs = seed.Plan.Stubs.ToDictionary(s => s.Path, s => s.Reason);
        Assert.StartsWith("aidb/Dockerfile.after:", stubs["config/config.yaml"], StringComparison.Ordinal);
        Assert.Contains("COPY config/config.yaml", stubs["config/config.yaml"], StringComparison.Ordinal);
        Assert.Contains("chmod +x /app/start_with_discovery.sh", stubs["aidb/start_with_discovery.sh"], StringComparison.Ordinal);
        Assert.Contains("chmod +x /app/start_server.sh", stubs["nixos-docs/start_server.sh"], StringComparison.Ordinal);
        Assert.Contains("ralph-wiggum/config/STUB.txt", stubs.Keys);
        Assert.Equal(11, stubs.Keys.Count(k => k.StartsWith("hybrid-coordinator/", StringComparison.Ordinal) && k.EndsWith(".py", StringComparison.Ordinal)));
        Assert.Equal(
            ["hooks.py", "loop_engine.py", "orchestrator.py", "server.py", "state_manager.py"],
            stubs.Keys.Where(k => k.StartsWith("ralph-wiggum/", StringComparison.Ordinal) && k.EndsWith(".py", StringComparison.Ordinal)).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["self_healing.py", "self_healing_daemon.py"], stubs.Keys.Where(k => k.StartsWith("health-monitor/", StringComparison.Ordinal)).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(stubs.Keys, k => k.EndsWith("requirements.txt", StringComparison.Ordinal) || k.EndsWith("/Dockerfile", StringComparison.Ordinal));
        foreach (var script in new[] { "aidb/start_with_discovery.sh", "nixos-docs/start_server.sh", "hybrid-coordinator/start_with_learning.sh" })
        {
            var path = Path.Combine(servers, script);
            if (!OperatingSystem.IsWindows()) Assert.True(File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute), script);
            Assert.StartsWith("#!/bin/sh\n", File.ReadAllText(path), StringComparison.Ordinal);
        }
        var readme = File.ReadAllText(Path.Combine(destination, "README.md"));
        Assert.All(stubs.Keys, k => Assert.Contains($"`../mcp-servers/{k}`", readme, StringComparison.Ordinal));

        // Every service's Dockerfile is where the compose file points, and every file it copies is there.
        var project = await ComposeFileLoader.LoadAsync(new ComposeLoadOptions { Path = seed.ComposeFile }, CancellationToken.None);
        foreach (var name in SeedServices)
        {
            var build = project.Find(name)!.Build!;
            var reach = Pipeline.Containers.Context.ContextReach.For(File.ReadAllText(build.DockerfilePath));
            Assert.All(reach.Sources, s => Assert.True(File.Exists(Path.Combine(build.Context, s)) || Directory.Exists(Path.Combine(build.Context, s)), $"{name}: {s}"));
        }
    }
}
