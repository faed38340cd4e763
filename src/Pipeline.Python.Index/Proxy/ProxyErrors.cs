namespace Pipeline.Python.Index.Proxy;

/// <summary>Offline and the store does not hold what was asked for; the message names it.</summary>
internal sealed class OfflineMissException(string message) : Exception(message);

/// <summary>The upstream has no such project or file (404/410).</summary>
internal sealed class UpstreamNotFoundException(string message) : Exception(message);

/// <summary>An upstream answer worth retrying: 5xx, 429, a body cut short, a Range answer that does not fit.</summary>
internal sealed class UpstreamTransientException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>No byte arrived for the stall timeout: the attempt is cut and resumed.</summary>
internal sealed class StallException(string message) : Exception(message);

/// <summary>An upstream answer not worth retrying (e.g. the file changed under its name, a 403).</summary>
internal sealed class UpstreamFailedException(string message) : Exception(message);

/// <summary>The downloaded bytes do not hash to the index's sha256: never stored, never served complete.</summary>
internal sealed class HashMismatchException(string message) : Exception(message);

/// <summary>The upstream ignores Range requests (it answered 200): metadata needs the whole wheel.</summary>
internal sealed class RangeNotSupportedException(string message) : Exception(message);
