using Pipeline.BaseImages.Engine;
using Pipeline.BaseImages.Tests.Support;

namespace Pipeline.BaseImages.Tests.Engine;

public sealed class WorkDirectoryLockTests
{
    [Fact]
    public async Task Work_directory_lock_excludes_a_second_holder_until_released()
    {
        using var dir = new TempDirectory("lock");
        var log = new CollectingLogger().Logger;
        var first = await WorkDirectoryLock.AcquireAsync(dir.Path, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50), log, CancellationToken.None);

        var e = await Assert.ThrowsAsync<BaseImageException>(() =>
            WorkDirectoryLock.AcquireAsync(dir.Path, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(50), log, CancellationToken.None));
        Assert.Contains(WorkDirectoryLock.FileName, e.Message);

        await first.DisposeAsync();
        await using var second = await WorkDirectoryLock.AcquireAsync(dir.Path, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50), log, CancellationToken.None);
    }
}
