using Pipeline.Containers.Building;
using Pipeline.Containers.Context;
using Pipeline.Testing;

namespace Pipeline.Containers.Tests.Context;

/// <summary>
/// The context digest covers only what a Dockerfile's sources can reach: measured on real files in a shared stack
/// folder, packed as BuildParallel packs them.
/// </summary>
public class ContextReachTests
{
    private static async Task<ContextDigest> DigestAsync(TempDirectory dir, string dockerfile, IReadOnlyDictionary<string, string?>? args = null)
    {
        var path = dir.Combine(dockerfile);
        var text = await File.ReadAllTextAsync(path);
        using var packed = await BuildContextPacker.PackAsync(dir.Path, path, text, CancellationToken.None);
        return await BuildInputDigest.ContextAsync(packed.TarPath, packed.DockerfileInTar, ContextReach.For(text, args, path), CancellationToken.None);
    }

    // The example stack's shape: one context folder, a Dockerfile per service, a shared package.
    private static TempDirectory Stack()
    {
        var dir = new TempDirectory("reach");
        var files = new Dictionary<string, string>
        {
            [".dockerignore"] = "**/__pycache__\n",
            ["common/service.py"] = "shared = 1\n",
            ["api/Dockerfile"] = "FROM base\nWORKDIR /app\nCOPY api/requirements.txt /app/\nRUN pip install -r requirements.txt\nCOPY common/ /app/common/\nCOPY api/app.py .\n",
            ["api/requirements.txt"] = "flask\n",
            ["api/app.py"] = "print('api')\n",
            ["worker/Dockerfile"] = "FROM base AS build\nCOPY worker/requirements.txt .\nFROM base\nCOPY --from=build /x /x\nCOPY worker/*.py /app/\n",
            ["worker/requirements.txt"] = "celery\n",
            ["worker/tasks.py"] = "print('worker')\n",
            ["all/Dockerfile"] = "FROM base\nCOPY . .\n",
        };
        foreach (var (path, text) in files) dir.Write(path, text);
        return dir;
    }

    [Fact]
    public async Task A_file_another_service_copies_does_not_change_this_digest_one_it_copies_does()
    {
        using var dir = Stack();
        var api = await DigestAsync(dir, "api/Dockerfile");
        var worker = await DigestAsync(dir, "worker/Dockerfile");
        var all = await DigestAsync(dir, "all/Dockerfile");
        Assert.Null(api.WholeContextReason);
        Assert.True(api.Counted < api.Total, $"{api.Counted} of {api.Total}");

        dir.Write("worker/requirements.txt", "celery==5\n");
        Assert.Equal(api.Digest, (await DigestAsync(dir, "api/Dockerfile")).Digest);
        var workerChanged = await DigestAsync(dir, "worker/Dockerfile");
        Assert.NotEqual(worker.Digest, workerChanged.Digest);
        var allChanged = await DigestAsync(dir, "all/Dockerfile");
        Assert.NotEqual(all.Digest, allChanged.Digest);

        dir.Write("api/requirements.txt", "flask==3\n");
        var apiChanged = await DigestAsync(dir, "api/Dockerfile");
        Assert.NotEqual(api.Digest, apiChanged.Digest);
        Assert.Equal(workerChanged.Digest, (await DigestAsync(dir, "worker/Dockerfile")).Digest);
        Assert.NotEqual(allChanged.Digest, (await DigestAsync(dir, "all/Dockerfile")).Digest);

        // A file in a copied folder, and a new file a glob picks up, reach the image.
        dir.Write("common/extra.py", "x = 2\n");
        Assert.NotEqual(apiChanged.Digest, (await DigestAsync(dir, "api/Dockerfile")).Digest);
        dir.Write("worker/more.py", "y = 3\n");
        Assert.NotEqual(workerChanged.Digest, (await DigestAsync(dir, "worker/Dockerfile")).Digest);
    }

    [Fact]
    public async Task A_copy_of_the_whole_context_sees_every_change_except_what_dockerignore_leaves_out()
    {
        using var dir = Stack();
        var all = await DigestAsync(dir, "all/Dockerfile");
        Assert.Equal("a source names the whole context", all.WholeContextReason);
        Assert.Equal(all.Total, all.Counted);
        dir.Write("notes/readme.txt", "new\n");
        var changed = await DigestAsync(dir, "all/Dockerfile");
        Assert.NotEqual(all.Digest, changed.Digest);
        dir.Write("common/__pycache__/service.pyc", "bytecode");
        Assert.Equal(changed.Digest, (await DigestAsync(dir, "all/Dockerfile")).Digest);
        // The api copies common/: the ignored cache folder is not sent, so it is not an input either.
        using var other = Stack();
        var api = await DigestAsync(other, "api/Dockerfile");
        other.Write("common/__pycache__/service.pyc", "bytecode");
        Assert.Equal(api.Digest, (await DigestAsync(other, "api/Dockerfile")).Digest);
    }

    [Fact]
    public async Task Args_choose_the_sources_and_an_unknown_variable_counts_the_whole_context()
    {
        using var dir = Stack();
        dir.Write("svc/Dockerfile", "ARG SERVICE=api\nFROM base\nARG SERVICE\nCOPY ${SERVICE}/requirements.txt /app/\n");
        var api = await DigestAsync(dir, "svc/Dockerfile");
        dir.Write("worker/requirements.txt", "celery==5\n");
        Assert.Equal(api.Digest, (await DigestAsync(dir, "svc/Dockerfile")).Digest);
        var worker = await DigestAsync(dir, "svc/Dockerfile", new Dictionary<string, string?> { ["SERVICE"] = "worker" });
        dir.Write("worker/requirements.txt", "celery==6\n");
        Assert.NotEqual(worker.Digest, (await DigestAsync(dir, "svc/Dockerfile", new Dictionary<string, string?> { ["SERVICE"] = "worker" })).Digest);

        // $APP_HOME could come from the base image's ENV: not known before the build.
        dir.Write("env/Dockerfile", "FROM base\nCOPY $APP_HOME/app.py /app/\n");
        var unknown = await DigestAsync(dir, "env/Dockerfile");
        Assert.Contains("$APP_HOME", unknown.WholeContextReason);
        dir.Write("notes/readme.txt", "new\n");
        Assert.NotEqual(unknown.Digest, (await DigestAsync(dir, "env/Dockerfile")).Digest);
    }

    [Fact]
    public void Copies_from_stages_heredocs_and_urls_read_nothing_from_the_context_bind_mounts_do()
    {
        var reach = ContextReach.For("""
            FROM base AS build
            ENV SRC=src
            COPY --from=ghcr.io/astral-sh/uv /uv /bin/uv
            ADD https://example.com/tool.tar.gz /opt/
            ADD --chmod=755 scripts/run.sh /run.sh
            COPY <<EOF /etc/app.conf
            key = value
            EOF
            COPY ["with space/a.txt", "/app/"]
            COPY ${SRC}/ ../../outside/file.txt /app/
            RUN --mount=type=cache,target=/root/.cache --mount=type=bind,source=wheels,target=/w pip install /w/*.whl
            FROM base
            COPY --from=build /app /app
            ONBUILD COPY conf/*.ini /etc/
            """);
        Assert.Null(reach.WholeContextReason);
        Assert.Equal(["scripts/run.sh", "with space/a.txt", "src", "outside/file.txt", "wheels", "conf/*.ini"], reach.Sources);
        Assert.True(reach.Reaches("src/pkg/mod.py"));
        Assert.True(reach.Reaches("conf/app.ini"));
        Assert.False(reach.Reaches("conf/sub/app.ini"));
        Assert.False(reach.Reaches("uv"));
        Assert.False(reach.Reaches("scripts/other.sh"));
        Assert.False(reach.Reaches("srcs/x"));
        // A link at a folder on the way to a source, or at a source, is followed by the builder.
        Assert.True(reach.Follows("scripts"));
        Assert.True(reach.Follows("scripts/run.sh"));
        Assert.False(reach.Follows("docs"));

        Assert.Equal("a source names the whole context", ContextReach.For("FROM base\nCOPY ./ /app/\n").WholeContextReason);
        Assert.Equal("a source names the whole context", ContextReach.For("FROM base\nRUN --mount=type=bind,target=/src make\n").WholeContextReason);
        Assert.Contains("custom frontend", ContextReach.For("# syntax=example.com/my/frontend:1\nFROM base\nCOPY a /a\n").WholeContextReason);
        Assert.Null(ContextReach.For("# syntax=docker/dockerfile:1.7\nFROM base\nCOPY a /a\n").WholeContextReason);
        Assert.Equal("Dockerfile:2: source \"my is quoted", ContextReach.For("FROM base\nCOPY \"my file.txt\" /app/\n").WholeContextReason);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_symbolic_link_the_builder_follows_makes_the_whole_context_count()
    {
        using var dir = Stack();
        dir.Write("vendor/lib/util.py", "v = 1\n");
        File.CreateSymbolicLink(dir.Combine("lib"), "vendor/lib");
        dir.Write("linked/Dockerfile", "FROM base\nCOPY lib/util.py /app/\n");
        var linked = await DigestAsync(dir, "linked/Dockerfile");
        Assert.Equal("lib is a symbolic link the builder follows", linked.WholeContextReason);
        dir.Write("vendor/lib/util.py", "v = 2\n");
        Assert.NotEqual(linked.Digest, (await DigestAsync(dir, "linked/Dockerfile")).Digest);
        // The api copies nothing through the link: it stays narrow.
        Assert.Null((await DigestAsync(dir, "api/Dockerfile")).WholeContextReason);
    }
}
