using System.Diagnostics;
using Serilog;

namespace Pipeline.BaseImages.Engine;

/// <summary>
/// An exclusive lock file in the work directory (<see cref="FileShare.None"/>), so that two processes
/// (e.g. two test projects) calling EnsureAsync at once bootstrap only once. The OS releases it when
/// the holder exits, even on a crash.
/// </summary>
internal sealed class WorkDirectoryLock : IAsyncDisposable
{
    /// <summary>The lock file's name inside the work directory.</summary>
    public const string FileName = ".base-image.lock";

    private readonly FileStream _stream;

    private WorkDirectoryLock(FileStream stream) => _stream = stream;

    /// <summary>Waits (polling every <paramref name="retryInterval"/>, up to <paramref name="timeout"/>) until the lock is ours.</summary>
    public static async Task<WorkDirectoryLock> AcquireAsync(string workDirectory, TimeSpan timeout, TimeSpan retryInterval, ILogger log, CancellationToken ct)
    {
        Directory.CreateDirectory(workDirectory);
        var path = Path.Combine(workDirectory, FileName);
        var waited = Stopwatch.StartNew();
        var announced = false;
        while (true)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                stream.SetLength(0);
                await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes($"{Environment.ProcessId}\n"), ct);
                await stream.FlushAsync(ct);
                return new WorkDirectoryLock(stream);
            }
            catch (IOException) when (waited.Elapsed < timeout)
            {
                if (!announced) log.Information("Base image: waiting for another process that holds {Lock:l}", path);
                announced = true;
                // Polling is the only portable way to wait for a FileShare.None lock to be released.
                await Task.Delay(retryInterval, ct);
            }
            catch (IOException e)
            {
                throw new BaseImageException($"Lock {path} is still held by another process after {timeout.TotalSeconds:0} s (see its PID inside)", e);
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
