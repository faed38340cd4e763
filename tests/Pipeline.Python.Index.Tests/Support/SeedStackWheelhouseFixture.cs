namespace Pipeline.Python.Index.Tests.Support;

/// <summary>The seed-stack catalogue's wheelhouse (about 1 MB at 1/10000: the CUDA torch and its nvidia wheels weigh most).</summary>
public sealed class SeedStackWheelhouseFixture() : WheelhouseFixture("seed-stack-linux-x86_64");
