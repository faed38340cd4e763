using Pipeline.Compose.Loading;
using Pipeline.Containers.Building;
using Pipeline.Containers.Tests.Support;
using Pipeline.Testing;

namespace Pipeline.Containers.Tests.Context;

/// <summary>The context copy is read through the Dockerfile parser: a file BuildKit refuses fails its image before anything is sent.</summary>
public class RefusedDockerfileBuildTests
{
    [Fact]
    public async Task A_comment_line_without_its_hash_fails_that_image_with_file_and_line_and_the_others_build()
    {
        await using var engine = await PodmanEngine.ConnectAsync();
        using var dir = new TempDirectory("bp-refused");
        dir.Write("compose.yaml", "services:\n  app:\n    build: ./app\n  fine:\n    build: ./fine\n");
        dir.Write("app/Dockerfile", $"FROM {PodmanEngine.Busybox}\n before installing runtime dependencies so the\nRUN echo never\n");
        dir.Write("fine/Dockerfile", $"FROM {PodmanEngine.Busybox} \\\n  AS fine\nRUN \\\n  --mount=type=cache,target=/cache \\\n  echo fine\n");
        var options = new BuildParallelOptions
        {
            Compose = new ComposeLoadOptions { Path = dir.Path },
            Parallelism = 1,
            ContinueOnError = true,
        };

        await PodmanEngine.BuildThenRemoveAsync(engine, options, result =>
        {
            var row = result.Rows.Single(r => r.Service == "app");
            Assert.Equal(ImageBuildOutcome.Failed, row.Outcome);
            Assert.StartsWith($"{dir.Combine("app", "Dockerfile")}:2: unknown instruction 'before'", row.Error);
            var fine = result.Rows.Single(r => r.Service == "fine");
            Assert.True(fine.Outcome == ImageBuildOutcome.Built, $"fine: {fine.Outcome}: {fine.Error} {fine.FailedStep}");
        });
    }
}
