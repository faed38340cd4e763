namespace Pipeline.Benchmarks;

/// <summary>The benchmark cannot run as asked; the message is one line naming the parameter or step.</summary>
public sealed class BenchmarkException(string message, Exception? inner = null) : Exception(message, inner);
