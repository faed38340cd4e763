namespace Pipeline.Containers.Building;

/// <summary>
/// An <see cref="IProgress{T}"/> that handles each report at once, in order (<see cref="Progress{T}"/> posts to the
/// thread pool, so messages could arrive reordered or after the build call returned).
/// </summary>
internal sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
