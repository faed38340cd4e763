using Pipeline.Compose.Loading;
using Pipeline.Python;
using Pipeline.Stack.Mapping;
using Pipeline.Testing;

namespace Pipeline.Stack.Tests.Mapping;

/// <summary>Issue 19: each service is locked for the Python its Dockerfile's final stage runs.</summary>
public class PythonProjectTargetTests
{
    private static TempDirectory Stack()
    {
        var dir = new TempDirectory("python-targets");
        dir.Write("docker-compose.yml", """
            services:
              old:
                build: ./old
              new:
                build:
                  context: ./new
                  args:
                    VARIANT: slim-bookworm
              alpine:
                build: ./alpine
              base:
                build: ./base
            """);
        dir.Write("old/Dockerfile", "FROM python:3.11-slim\nCOPY requirements.txt .\n");
        dir.Write("old/requirements.txt", "fastapi\n");
        // ARGs before FROM are substituted (compose build args win over defaults); FROM builder follows the stage chain.
        dir.Write("new/Dockerfile", """
            ARG PY=3.13
            ARG VARIANT=slim
            FROM python:${PY}-${VARIANT} AS base
            FROM base AS runtime
            COPY requirements.txt .
            """);
        dir.Write("new/requirements.txt", "fastapi\n");
        dir.Write("alpine/Dockerfile", "FROM --platform=linux/arm64 docker.io/library/python:3.12.7-alpine3.20 AS builder\nFROM builder\n");
        dir.Write("alpine/requirements.txt", "fastapi\n");
        dir.Write("base/Dockerfile", "FROM debian:bookworm-slim\n");
        dir.Write("base/requirements.txt", "fastapi\n");
        return dir;
    }

    [Fact]
    public async Task Python_and_platform_come_from_the_final_stage_FROM_with_ARGs_resolved()
    {
        using var dir = Stack();
        var project = await ComposeFileLoader.LoadAsync(new ComposeLoadOptions { Path = dir.Combine("docker-compose.yml") });

        var targets = PythonProjects.Targets(project, [], TargetPlatform.LinuxX86_64("3.11"), pythonOverride: null);

        Assert.Equal(["old", "new", "alpine", "base"], targets.Select(t => Path.GetFileName(t.Directory)));
        Assert.Equal(["CPython 3.11.0 linux x86_64 glibc 2.36", "CPython 3.13.0 linux x86_64 glibc 2.36",
                      "CPython 3.12.7 linux aarch64 musl 1.2", "CPython 3.11.0 linux x86_64 glibc 2.36"],
            targets.Select(t => t.Target.Description));
        Assert.Contains($"{dir.Combine("new", "Dockerfile")}:3 FROM python:3.13-slim-bookworm", targets[1].Origin);
        Assert.Contains("FROM debian:bookworm-slim is not a python image", targets[3].Origin);
    }

    [Fact]
    public async Task Python_version_parameter_overrides_every_service_but_keeps_the_platform()
    {
        using var dir = Stack();
        var project = await ComposeFileLoader.LoadAsync(new ComposeLoadOptions { Path = dir.Combine("docker-compose.yml") });

        var targets = PythonProjects.Targets(project, ["new", "alpine"], TargetPlatform.LinuxX86_64("3.11"), pythonOverride: "3.12");

        Assert.Equal(["CPython 3.12.0 linux x86_64 glibc 2.36", "CPython 3.12.0 linux aarch64 musl 1.2"], targets.Select(t => t.Target.Description));
    }

    [Fact]
    public async Task Check_audits_each_service_for_its_own_python()
    {
        using var dir = Stack();
        var session = new StackSession(new StackSettings { RootDirectory = dir.Path, ComposeFile = dir.Combine("docker-compose.yml"), Services = ["old", "new"] },
            targets: new StackTargetOptions { LockCpu = o => o with { Check = true } });

        var outcome = await session.LockCpuAsync(CancellationToken.None);

        Assert.True(outcome.Success, outcome.Failure);
        Assert.Equal("2", outcome.Notes["locks audited"]);
        Assert.Equal("3.11, 3.13", outcome.Notes["python"]);
    }
}
