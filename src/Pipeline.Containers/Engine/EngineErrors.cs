using System.Net.Sockets;
using Docker.DotNet;

namespace Pipeline.Containers.Engine;

/// <summary>Turns the many ways an engine connection fails into one readable reason.</summary>
public static class EngineErrors
{
    /// <summary>A short reason why <paramref name="endpoint"/> did not answer, from the socket's state and the exception.</summary>
    public static string Describe(Uri endpoint, Exception error, TimeSpan timeout)
    {
        if (endpoint.Scheme == "unix" && !Path.Exists(endpoint.LocalPath))
            return "socket does not exist";
        var socket = Find<SocketException>(error);
        if (socket?.SocketErrorCode == SocketError.ConnectionRefused)
            return "stale socket: nothing listens on it (connection refused)";
        if (socket is not null)
            return $"socket error: {socket.SocketErrorCode}";
        if (Find<OperationCanceledException>(error) is not null || Find<TimeoutException>(error) is not null)
            return $"no answer within {timeout.TotalSeconds:0.#} s";
        if (error is DockerApiException api)
            return $"answered HTTP {(int)api.StatusCode}: {FirstLine(api.ResponseBody)}";
        return FirstLine(Innermost(error).Message);
    }

    /// <summary>True for failures of the connection itself (not of the request): retrying may help.</summary>
    public static bool IsConnectionFailure(Exception error) =>
        error is HttpRequestException or IOException or SocketException or TimeoutException
        || (error is DockerApiException api && (int)api.StatusCode >= 500)
        || (error.InnerException is not null && IsConnectionFailure(error.InnerException));

    private static T? Find<T>(Exception? error) where T : Exception
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (e is T match) return match;
        return null;
    }

    private static Exception Innermost(Exception error) => error.InnerException is null ? error : Innermost(error.InnerException);

    private static string FirstLine(string? text) =>
        (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(empty)";
}
