using System.Diagnostics;
using CliWrap;
using CliWrap.Buffered;
using Docker.DotNet;
using Serilog;

namespace Pipeline.Containers.Engine;

/// <summary>
/// Finds a container engine (see <see cref="EndpointCandidates"/>), identifies and logs it; when none answers
/// and podman is installed, starts <c>podman system service</c> for the life of the returned session.
/// </summary>
public sealed class EngineConnector(ILogger? logger = null)
{
    private readonly ILogger _logger = (logger ?? Log.Logger).ForContext<EngineConnector>();

    /// <summary>Connects, or throws <see cref="EngineUnavailableException"/> with one line saying what was tried.</summary>
    public async Task<EngineSession> ConnectAsync(EngineOptions options, CancellationToken ct = default)
    {
        var failures = new List<string>();
        foreach (var (endpoint, source) in EndpointCandidates.For(options))
        {
            var client = EngineProbe.CreateClient(endpoint);
            try
            {
                var info = await EngineProbe.IdentifyAsync(client, endpoint, options, false, ct);
                _logger.Information("Container engine: {Engine} (from {Source})", info, source);
                return new EngineSession(client, info, null, options);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is not EngineUnavailableException)
            {
                client.Dispose();
                var reason = EngineErrors.Describe(endpoint, e, options.ProbeTimeout);
                _logger.Debug("Engine candidate {Endpoint} ({Source}): {Reason}", endpoint, source, reason);
                failures.Add($"{endpoint} ({source}): {reason}");
            }
        }

        var tried = string.Join("; ", failures);
        if (!string.IsNullOrWhiteSpace(options.Endpoint))
            throw new EngineUnavailableException($"The container engine given by --engine does not answer: {tried}");
        if (options.StartPodmanWhenMissing && await IsInstalledAsync(options.PodmanExecutable, ct))
            return await StartPodmanAsync(options, tried, ct);
        throw new EngineUnavailableException(
            $"No container engine answered ({tried}) and podman is not installed: install podman or pass --engine unix:///path/to/socket");
    }

    /// <summary>
    /// Starts a podman API service of the session's own (whatever else answers), as <see cref="ConnectAsync"/> does
    /// when none does; disposing the session stops it. For runs that need podman itself, such as the test suite.
    /// </summary>
    public async Task<EngineSession> StartPodmanAsync(EngineOptions options, CancellationToken ct = default)
    {
        if (!await IsInstalledAsync(options.PodmanExecutable, ct))
            throw new EngineUnavailableException($"podman is not installed ('{options.PodmanExecutable}' did not run): install podman and runc");
        return await StartPodmanAsync(options, "none tried", ct);
    }

    private async Task<EngineSession> StartPodmanAsync(EngineOptions options, string tried, CancellationToken ct)
    {
        _logger.Information("No container engine answered; starting podman system service");
        var host = await PodmanServiceHost.StartAsync(options, _logger, ct);
        var client = EngineProbe.CreateClient(host.Endpoint);
        Exception? last = null;
        try
        {
            var waited = Stopwatch.StartNew();
            // Readiness poll with a deadline: the service creates its socket asynchronously after start.
            while (waited.Elapsed < options.PodmanStartTimeout && !host.HasExited)
            {
                try
                {
                    var info = await EngineProbe.IdentifyStartedPodmanAsync(host.Endpoint, options, ct);
                    _logger.Information("Container engine: {Engine} (started by the pipeline)", info);
                    return new EngineSession(client, info, host, options);
                }
                catch (Exception e) when (!ct.IsCancellationRequested && (EngineErrors.IsConnectionFailure(e) || e is OperationCanceledException or DockerApiException))
                {
                    // HttpRequestException also covers a ping answered with an error while the service comes up.
                    last = e;
                    await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
                }
            }
        }
        catch
        {
            // Cancelled (or an unexpected error) while the service comes up: no session owns the process yet, so
            // stop it here, or a podman service would outlive the build.
            client.Dispose();
            await host.DisposeAsync();
            throw;
        }

        client.Dispose();
        var stderr = host.ErrorOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        await host.DisposeAsync();
        var why = stderr ?? (last is null ? "it exited" : EngineErrors.Describe(host.Endpoint, last, options.ProbeTimeout));
        throw new EngineUnavailableException(
            $"No container engine answered ({tried}); the podman service started at {host.Endpoint} did not answer within {options.PodmanStartTimeout.TotalSeconds:0} s: {why}", last);
    }

    private static async Task<bool> IsInstalledAsync(string executable, CancellationToken ct)
    {
        try
        {
            // Buffered: with no reader on stdout podman dies of SIGPIPE (exit 141).
            var result = await Cli.Wrap(executable).WithArguments("--version")
                .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct);
            return result.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
