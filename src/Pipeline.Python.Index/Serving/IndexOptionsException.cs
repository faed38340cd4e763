namespace Pipeline.Python.Index.Serving;

/// <summary>Options the index server cannot start with (bad index name, missing folder, bad address, busy port).</summary>
public sealed class IndexOptionsException(string message, Exception? inner = null) : Exception(message, inner);
