using Pipeline.Python.Index.Proxy;

namespace Pipeline.Python.Index.Tests.Proxy;

/// <summary>The row a prefetched file shows on a terminal: bytes, share, parts and elapsed time, from its state alone.</summary>
public sealed class PrefetchProgressTests
{
    [Theory]
    [InlineData(3_200_000L, 12_000_000L, 4, 5.4, PrefetchFileState.Running, "3.2 MB of 12.0 MB (26%), 4 parts, 5 s")]
    [InlineData(0L, 12_000_000L, 1, 0.2, PrefetchFileState.Running, "0 B of 12.0 MB (0%), 1 part, 0 s")]
    [InlineData(950L, null, 1, 1.0, PrefetchFileState.Running, "950 B, 1 part, 1 s")]
    [InlineData(12_000_000L, 12_000_000L, 4, 9.0, PrefetchFileState.Done, "done: 12.0 MB, 4 parts, 9 s")]
    [InlineData(1_500_000L, 12_000_000L, 2, 30.0, PrefetchFileState.Failed, "failed after 1.5 MB, 2 parts, 30 s")]
    public void A_row_says_bytes_of_length_parts_and_elapsed(long bytes, long? length, int parts, double seconds, PrefetchFileState state, string expected)
    {
        var row = new PrefetchFileProgress("torch-2.5.1+cpu-cp311-cp311-linux_x86_64.whl", bytes, length, parts, TimeSpan.FromSeconds(seconds), state);
        Assert.Equal(expected, row.Describe());
    }
}
