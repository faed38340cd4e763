using Pipeline.Benchmarks;
using Pipeline.Testing;

namespace Pipeline.Benchmarks.Tests;

public class StackCopyTests
{
    [Fact]
    public void Upstream_args_are_declared_after_every_FROM_and_nothing_else_changes()
    {
        const string dockerfile = "ARG BASE=python:3.11-slim\nFROM ${BASE} AS builder\nRUN pip install --no-cache-dir -r r.txt\n\nFROM python:3.11-slim\nCOPY --from=builder /x /x\n";

        var declared = StackCopy.DeclareUpstreamArgs(dockerfile);

        Assert.Equal(
            "ARG BASE=python:3.11-slim\nFROM ${BASE} AS builder\nARG PIP_INDEX_URL\nARG PIP_TRUSTED_HOST\nRUN pip install --no-cache-dir -r r.txt\n\n" +
            "FROM python:3.11-slim\nARG PIP_INDEX_URL\nARG PIP_TRUSTED_HOST\nCOPY --from=builder /x /x\n",
            declared);
    }

    [Fact]
    public void A_FROM_continued_over_lines_gets_the_args_after_its_last_line_and_a_file_BuildKit_refuses_is_file_line()
    {
        const string dockerfile = "FROM \\\n  python:3.11-slim AS app\n# FROM is not an instruction in a comment\nRUN pip install x\n";

        Assert.Equal("FROM \\\n  python:3.11-slim AS app\nARG PIP_INDEX_URL\nARG PIP_TRUSTED_HOST\n# FROM is not an instruction in a comment\nRUN pip install x\n",
            StackCopy.DeclareUpstreamArgs(dockerfile));
        var error = Assert.Throws<Pipeline.Dockerfiles.Syntax.DockerfileParseException>(
            () => StackCopy.DeclareUpstreamArgs("FROM python:3.11-slim\n before installing\n", "svc/Dockerfile"));
        Assert.StartsWith("svc/Dockerfile:2", error.Message);
    }

    [Fact]
    public void A_stage_that_declares_an_upstream_arg_already_keeps_its_own_declaration()
    {
        const string dockerfile = "FROM python:3.11-slim\nARG PIP_INDEX_URL=http://mirror/simple\nRUN pip install x";

        var declared = StackCopy.DeclareUpstreamArgs(dockerfile);

        Assert.Equal("FROM python:3.11-slim\nARG PIP_TRUSTED_HOST\nARG PIP_INDEX_URL=http://mirror/simple\nRUN pip install x", declared);
        Assert.Equal(declared, StackCopy.DeclareUpstreamArgs(declared));
    }

    [Fact]
    public async Task Copies_leave_the_users_stack_untouched_and_lay_the_hand_fix_over_the_copy()
    {
        using var dir = new TempDirectory("bench-copy");
        var compose = dir.Write("stack/docker-compose.yml", "services:\n  app:\n    build:\n      context: .\n      dockerfile: app/Dockerfile\n");
        var original = "FROM python:3.11-slim\nRUN pip install --no-cache-dir requests\n";
        dir.Write("stack/app/Dockerfile", original);
        dir.Write("stack/app/Dockerfile.bak", "old");
        dir.Write("stack/app/main.py", "print(1)");
        dir.Write("fix/app/Dockerfile", "FROM python:3.11-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install requests\n");

        var asIs = StackCopy.Copy(compose, dir.Combine("runs", "as-is"));
        Assert.Equal(1, await StackCopy.DeclareUpstreamArgsAsync(asIs, CancellationToken.None));
        var byHand = StackCopy.Copy(compose, dir.Combine("runs", "by-hand"), dir.Combine("fix"));

        Assert.Equal(original, File.ReadAllText(dir.Combine("stack", "app", "Dockerfile")));
        Assert.Contains("ARG PIP_INDEX_URL", File.ReadAllText(dir.Combine("runs", "as-is", "app", "Dockerfile")));
        Assert.Contains("--mount=type=cache", File.ReadAllText(dir.Combine("runs", "by-hand", "app", "Dockerfile")));
        Assert.True(File.Exists(dir.Combine("runs", "by-hand", "app", "main.py")));
        Assert.False(File.Exists(dir.Combine("runs", "as-is", "app", "Dockerfile.bak")));
        Assert.Equal(dir.Combine("runs", "by-hand", "docker-compose.yml"), byHand);
    }
}
