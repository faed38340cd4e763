using Pipeline.Python.Pip;
using Pipeline.Testing;

namespace Pipeline.Python.Tests.Pip;

/// <summary>Changes the process environment, so it runs alone (no other test's pip sees the decoys).</summary>
[CollectionDefinition(nameof(ProcessEnvironmentCollection), DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection;

[Collection(nameof(ProcessEnvironmentCollection))]
public class PipResolverEnvironmentTests
{
    [Fact]
    public async Task The_users_pip_environment_and_config_cannot_add_sources_to_the_resolution()
    {
        using var temp = new TempDirectory("pip-env");
        var cpu = TestWheels.SimpleIndex(temp.Combine("cpu"), ("torch", "2.5.1+cpu", []));
        // Decoys: a newer (CUDA-like) torch reachable through every way a user's setup adds sources.
        var findLinks = Path.GetDirectoryName(TestWheels.Build(temp.Combine("find-links"), "torch", "9.9.1"))!;
        var extraIndex = TestWheels.SimpleIndex(temp.Combine("extra"), ("torch", "9.9.2", []));
        var configLinks = Path.GetDirectoryName(TestWheels.Build(temp.Combine("config-links"), "torch", "9.9.3"))!;
        var config = temp.Write("pip.conf", $"[global]\nfind-links = {configLinks}\nextra-index-url = {extraIndex}\n");
        var saved = new[] { "PIP_FIND_LINKS", "PIP_EXTRA_INDEX_URL", "PIP_CONFIG_FILE" }.ToDictionary(n => n, Environment.GetEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable("PIP_FIND_LINKS", findLinks);
            Environment.SetEnvironmentVariable("PIP_EXTRA_INDEX_URL", extraIndex);
            Environment.SetEnvironmentVariable("PIP_CONFIG_FILE", config);

            var packages = await new PipResolver("python3").ResolveAsync(new PipResolveRequest(["torch>=2.5"], cpu, [], []), CancellationToken.None);

            var torch = Assert.Single(packages);
            Assert.Equal("2.5.1+cpu", torch.Version);
        }
        finally
        {
            foreach (var (name, value) in saved)
                Environment.SetEnvironmentVariable(name, value);
        }
    }
}
