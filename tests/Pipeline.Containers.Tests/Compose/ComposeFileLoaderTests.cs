using Pipeline.Compose.Errors;
using Pipeline.Compose.Loading;
using Pipeline.Compose.Model;
using Pipeline.Testing;

namespace Pipeline.Containers.Tests.Compose;

public class ComposeFileLoaderTests
{
    private static readonly string SeedStack = RepoPaths.Fixture("seed-stack", "docker-compose.yml");

    [FixtureFact]
    public async Task Loads_the_seed_stack()
    {
        var project = await ComposeFileLoader.LoadAsync(new ComposeLoadOptions { Path = SeedStack });

        Assert.Equal("seed-stack", project.Name);
        Assert.Equal(15, project.Services.Count);
        var aidb = project.Find("aidb")!;
        Assert.Equal("local-ai-aidb", aidb.ContainerName);
        Assert.Equal(Path.GetFullPath(RepoPaths.Fixture("mcp-servers")), aidb.Build!.Context);
        Assert.Equal("aidb/Dockerfile", aidb.Build.Dockerfile);
        Assert.Equal("true", aidb.Labels["nixos.quick-deploy.ai-stack"]);
        Assert.Equal(["agents", "full"], project.Find("aider")!.Profiles);
        Assert.Equal(7, project.Services.Count(s => s.Build is not null));
        Assert.Equal("false", ((IReadOnlyDictionary<string, object?>)project.Extensions.Values["x-podman"]!)["in_pod"]);
        Assert.Equal("seed-stack-aidb", project.ImageFor(aidb));
    }

    [FixtureFact]
    public async Task Seed_stack_with_podman_compose_names()
    {
        var project = await ComposeFileLoader.LoadAsync(new ComposeLoadOptions
        {
            Path = SeedStack,
            Flavor = ComposeFlavor.PodmanCompose,
            Environment = new Dictionary<string, string> { ["COMPOSE_PROJECT_NAME"] = "ai-stack" },
        });

        Assert.Equal("ai-stack", project.Name);
        Assert.Equal("ai-stack_ralph-wiggum", project.ImageFor(project.Find("ralph-wiggum")!));
        Assert.Equal("qdrant/qdrant:v1.16.2", project.ImageFor(project.Find("qdrant")!));
    }

    [Fact]
    public async Task Anchors_merge_keys_and_extensions()
    {
        using var dir = new TempDirectory("compose-anchors");
        dir.Write("compose.yaml", """
            x-common: &common
              user: "1000:1000"
              labels:
                team: ml
            x-build: &build
              context: ./svc
              args:
                PY: "3.11"
            services:
              api:
                <<: *common
                build:
                  <<: *build
                  dockerfile: api.Dockerfile
                  target: runtime
                x-pipeline:
                  size-budget: 900MB
              worker:
                <<: *common
                user: root
                build: ./worker
            """);

        var project = await ComposeFileLoader.LoadAsync(new ComposeLoadOptions { Path = dir.Path });

        var api = project.Find("api")!;
        Assert.Equal("1000:1000", api.User);
        Assert.Equal("ml", api.Labels["team"]);
        Assert.Equal(dir.Combine("svc"), api.Build!.Context);
        Assert.Equal("api.Dockerfile", api.Build.Dockerfile);
        Assert.Equal("runtime", api.Build.Target);
        Assert.Equal("3.11", api.Build.Args["PY"]);
        Assert.Equal("900MB", api.Extensions.GetString("x-pipeline", "size-budget"));
        Assert.Null(api.Extensions.GetString("x-pipeline", "missing"));
        var worker = project.Find("worker")!;
        Assert.Equal("root", worker.User);
        Assert.Equal(dir.Combine("worker"), worker.Build!.Context);
        Assert.Equal("Dockerfile", worker.Build.Dockerfile);
        Assert.NotNull(project.Extensions.Get("x-build", "args"));
    }

    [Fact]
    public async Task Build_args_and_labels_as_lists()
    {
        using var dir = new TempDirectory("compose-lists");
        dir.Write("docker-compose.yml", """
            services:
              app:
                build:
                  context: .
                  args: ["A=1", "B", "C="]
                  labels: ["org.example=yes"]
                labels: ["k=v"]
            """);

        var app = (await ComposeFileLoader.LoadAsync(new ComposeLoadOptions { Path = dir.Path })).Find("app")!;

        Assert.Equal("1", app.Build!.Args["A"]);
        Assert.Null(app.Build.Args["B"]);
        Assert.Equal("", app.Build.Args["C"]);
        Assert.Equal("yes", app.Build.Labels["org.example"]);
        Assert.Equal("v", app.Labels["k"]);
    }

    [Fact]
    public async Task Environment_wins_over_dotenv()
    {
        using var dir = new TempDirectory("compose-env");
        dir.Write(".env", "TAG=from-dotenv\nREPO=from-dotenv\n");
        dir.Write("compose.yaml", "services:\n  app:\n    image: ${REPO}/app:${TAG}\n");

        var project = await ComposeFileLoader.LoadAsync(new ComposeLoadOptions
        {
            Path = dir.Path,
            Environment = new Dictionary<string, string> { ["TAG"] = "from-env" },
        });

        Assert.Equal("from-dotenv/app:from-env", project.Find("app")!.Image);
    }

    [Fact]
    public async Task Missing_required_variable_names_file_line_and_message()
    {
        using var dir = new TempDirectory("compose-required");
        var file = dir.Write("compose.yaml", """
            services:
              app:
                image: busybox
                env_file:
                  - ${AI_STACK_ENV_FILE:?AI_STACK_ENV_FILE must point at the stack's env file}
            """);

        var error = await Assert.ThrowsAsync<ComposeFileException>(() => ComposeFileLoader.LoadAsync(new ComposeLoadOptions { Path = file }));

        Assert.Equal($"{file}:5: required variable AI_STACK_ENV_FILE is missing a value: AI_STACK_ENV_FILE must point at the stack's env file", error.Message);
        var loaded = await ComposeFileLoader.LoadAsync(new ComposeLoadOptions
        {
            Path = file,
            Environment = new Dictionary<string, string> { ["AI_STACK_ENV_FILE"] = "/etc/stack.env" },
        });
        Assert.Equal("busybox", loaded.Find("app")!.Image);
    }

    [Theory]
    [InlineData("services:\n  app:\n    image: a: b\n", 3, "invalid YAML")]
    [InlineData("services:\n  app:\n    build: [1, 2]\n", 3, "'build' must be a path or a mapping")]
    [InlineData("services:\n  app: just-a-string\n", 2, "service 'app' must be a mapping")]
    [InlineData("services:\n  app:\n    build:\n      context: .\n      args: 5\n", 5, "'build.args' must be a mapping or a list")]
    [InlineData("name: x\n", 1, "expected a 'services:' mapping")]
    [InlineData("services:\n  app:\n    image: ${BROKEN\n", 3, "invalid interpolation format")]
    public void Errors_name_file_and_line(string yaml, int line, string problem)
    {
        var error = Assert.Throws<ComposeFileException>(() =>
            ComposeFileLoader.Parse(yaml, "/stack/compose.yaml", new Dictionary<string, string>()));

        Assert.StartsWith($"/stack/compose.yaml:{line}: ", error.Message);
        Assert.Contains(problem, error.Message);
        Assert.Equal(line, error.Line);
    }

    [Theory]
    [InlineData(null, null, null, "My_Stack.v2", "my_stackv2")]
    [InlineData(null, null, "Named", "dir", "named")]
    [InlineData(null, "FromEnv", "named", "dir", "fromenv")]
    [InlineData("Explicit", "fromenv", "named", "dir", "explicit")]
    [InlineData(null, null, null, "-_odd-dir", "odd-dir")]
    public void Project_name_follows_compose_precedence(string? explicitName, string? envName, string? fileName, string dirName, string expected)
    {
        var yaml = (fileName is null ? "" : $"name: {fileName}\n") + "services:\n  app:\n    build: .\n";
        var env = envName is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["COMPOSE_PROJECT_NAME"] = envName };

        var project = ComposeFileLoader.Parse(yaml, $"/work/{dirName}/compose.yaml", env, explicitName);

        Assert.Equal(expected, project.Name);
    }

    [Theory]
    [InlineData(ComposeFlavor.DockerCompose, "stack-app")]
    [InlineData(ComposeFlavor.PodmanCompose, "stack_app")]
    public void Image_names_follow_the_flavor(ComposeFlavor flavor, string expected)
    {
        var project = ComposeFileLoader.Parse("services:\n  app:\n    build: .\n  db:\n    image: postgres:16\n",
            "/work/stack/compose.yaml", new Dictionary<string, string>(), flavor: flavor);

        Assert.Equal(expected, project.ImageFor(project.Find("app")!));
        Assert.Equal("postgres:16", project.ImageFor(project.Find("db")!));
    }

    [Fact]
    public async Task Build_keys_the_engine_takes_are_read_and_the_others_are_named_with_their_line()
    {
        using var dir = new TempDirectory("compose-build-keys");
        dir.Write("app/Dockerfile", "FROM scratch\n");
        var file = dir.Write("compose.yaml", """
            services:
              app:
                build:
                  context: app
                  cache_from: [registry.local/app:cache]
                  cache_to: ["type=registry,ref=registry.local/app:cache"]
                  extra_hosts: ["index.local:127.0.0.1", "mirror.local=10.0.0.2"]
                  network: none
                  shm_size: 256m
                  platforms: [linux/amd64]
                  tags: [registry.local/app:1.0]
                  no_cache: true
                  pull: true
                  secrets: [token]
                  ssh: [default]
                  additional_contexts:
                    extra: ../extra
            """);

        var build = (await ComposeFileLoader.LoadAsync(new ComposeLoadOptions { Path = file })).Find("app")!.Build!;

        Assert.Equal(["registry.local/app:cache"], build.CacheFrom);
        Assert.Equal(["index.local:127.0.0.1", "mirror.local:10.0.0.2"], build.ExtraHosts);
        Assert.Equal("none", build.Network);
        Assert.Equal(256L << 20, build.ShmSize);
        Assert.Equal(["linux/amd64"], build.Platforms);
        Assert.Equal(["registry.local/app:1.0"], build.Tags);
        Assert.True(build.NoCache);
        Assert.True(build.Pull);
        Assert.Equal(["registry.local/app:cache"], build.CacheTo);
        Assert.Equal([("secrets", 14L), ("ssh", 15L), ("additional_contexts", 16L)],
            build.Ignored.Select(i => (i.Key, i.Line)));
        Assert.Equal($"{file}:14: build key 'secrets' is not supported by BuildParallel and is ignored (docker compose build would use it)",
            build.Ignored[0].ToString());
    }

    [Fact]
    public async Task Registry_cache_entries_are_read_and_other_cache_types_are_named_with_their_line()
    {
        using var dir = new TempDirectory("compose-cache-keys");
        var file = dir.Write("compose.yaml", """
            services:
              app:
                build:
                  context: .
                  cache_from:
                    - registry.local/app:cache
                    - type=registry,ref=registry.local/app:main
                    - type=local,src=/tmp/cache
                  cache_to:
                    - type=gha,mode=max
                    - type=registry,ref=registry.local/app:cache,mode=max
                    - type=registry
            """);

        var build = (await ComposeFileLoader.LoadAsync(new ComposeLoadOptions { Path = file })).Find("app")!.Build!;

        Assert.Equal(["registry.local/app:cache", "registry.local/app:main"], build.CacheFrom);
        Assert.Equal(["registry.local/app:cache"], build.CacheTo);
        // A registry entry without ref= names no image: ignored like the other types, with its line.
        Assert.Equal([("cache_from", 8L, "type=local,src=/tmp/cache"), ("cache_to", 10L, "type=gha,mode=max"), ("cache_to", 12L, "type=registry")],
            build.Ignored.Select(i => (i.Key, i.Line, i.Entry)));
        Assert.StartsWith($"{file}:8: build.cache_from entry 'type=local,src=/tmp/cache' is not supported by BuildParallel", build.Ignored[0].ToString());
    }

    [Fact]
    public async Task A_bad_shm_size_is_one_line_with_its_place()
    {
        using var dir = new TempDirectory("compose-build-keys");
        var file = dir.Write("compose.yaml", "services:\n  app:\n    build:\n      context: .\n      shm_size: lots\n");
        var error = await Assert.ThrowsAsync<ComposeFileException>(() => ComposeFileLoader.LoadAsync(new ComposeLoadOptions { Path = file }));
        Assert.Contains($"{file}:5", error.Message);
        Assert.Contains("'build.shm_size' must be a size such as 256m or 2gb, not 'lots'", error.Message);
    }
}
