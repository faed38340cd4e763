using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Python.Index.Faults;

/// <summary>What happens to one request.</summary>
/// <param name="ServerError">Answer 503 instead of the content.</param>
/// <param name="Cut">Close the connection part-way through the body.</param>
/// <param name="Stall">Go silent part-way through the body, then close.</param>
internal readonly record struct FaultDecision(bool ServerError, bool Cut, bool Stall);

/// <summary>
/// Draws the fault for each request from (seed, path, how many times the path was asked for): the same
/// sequence of requests meets the same faults, and a retry of a dropped file is a fresh draw.
/// </summary>
internal sealed class FaultPlan(IndexFaults faults)
{
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);

    public IndexFaults Faults => faults;

    public FaultDecision Decide(string path, bool isFileDownload)
    {
        var attempt = _attempts.AddOrUpdate(path, 1, (_, n) => n + 1);
        if (attempt <= faults.ErrorBurst)
            return new FaultDecision(ServerError: true, Cut: false, Stall: false);
        if (!isFileDownload)
            return default;
        var stall = faults.Stall > 0 && Draw("stall", path, attempt) < faults.Stall;
        var cut = !stall && faults.Drop > 0 && Draw("drop", path, attempt) < faults.Drop;
        return new FaultDecision(false, cut, stall);
    }

    /// <summary>A uniform number in [0, 1) from the seed and the request.</summary>
    private double Draw(string salt, string path, int attempt)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{faults.Seed}|{salt}|{path}|{attempt}"));
        return (BitConverter.ToUInt64(digest, 0) >> 11) / (double)(1UL << 53);
    }
}
