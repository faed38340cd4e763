namespace Pipeline.Testing;

/// <summary>
/// An <see cref="IProgress{T}"/> that handles each report at once, on the reporting thread, in order. The engine API's
/// progress messages (build and push errors) must all be in before the call returns, and a plain list can collect
/// them: <see cref="Progress{T}"/> posts each to the thread pool, so an error could arrive after the check that looks
/// for it, and concurrent handlers would race on the list. (Pipeline.Containers has its own, internal, copy.)
/// </summary>
public sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
{
    /// <inheritdoc />
    public void Report(T value) => handler(value);
}
