using Pipeline.IO;
using Serilog;

namespace Pipeline.Build;

/// <summary>The <c>dotnet</c> CLI calls the self-build needs (restore, build, test, pack), with test result totals.</summary>
public static class DotNetTasks
{
    /// <summary>Runs <c>dotnet</c> with the given arguments in <paramref name="workingDirectory"/>.</summary>
    public static Task DotNetAsync(IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null, CancellationToken ct = default) =>
        ProcessTasks.RunAsync("dotnet", arguments, workingDirectory, environment, Log.Logger, ct);

    /// <summary>
    /// Runs the test projects of <paramref name="solution"/> (with <paramref name="environment"/> added to theirs), writing TRX and JUnit files to
    /// <paramref name="resultsDirectory"/>, and the totals over all TRX files to <c>totals.txt</c> there, even
    /// when tests failed (the failure is rethrown after). When <c>dotnet test</c> failed but no TRX file counts a
    /// failure, the totals count one, so they never read as a pass.
    /// </summary>
    public static async Task<TestResultTotals> TestAsync(string solution, string configuration, string resultsDirectory,
        IReadOnlyDictionary<string, string?>? environment, CancellationToken ct)
    {
        if (Directory.Exists(resultsDirectory)) Directory.Delete(resultsDirectory, recursive: true);
        Directory.CreateDirectory(resultsDirectory);
        BuildFailedException? failure = null;
        try
        {
            await DotNetAsync([
                "test", solution, "--configuration", configuration, "--no-build", "--nologo",
                "--results-directory", resultsDirectory,
                "--logger", "trx",
                "--logger", $"junit;LogFilePath={resultsDirectory}/{{assembly}}.junit.xml",
                "--logger", "console;verbosity=normal",
            ], Path.GetDirectoryName(Path.GetFullPath(solution))!, environment, ct);
        }
        catch (BuildFailedException e)
        {
            failure = e;
        }
        var totals = TestResultTotals.FromDirectory(resultsDirectory);
        // dotnet test failed but no TRX counts a failure (a crashed test host, a build error, no results at all):
        // the totals CI prints must still say it failed.
        if (failure is not null && totals.Failed == 0)
            totals = totals with { Failed = 1 };
        // Atomic: CI reads this file as the run's verdict, so never half of one.
        await AtomicFile.WriteAllTextAsync(Path.Combine(resultsDirectory, "totals.txt"), totals + "\n", ct);
        if (failure is not null)
        {
            var tail = failure.Message.Split('\n', 2) is [_, var rest] ? "\n" + rest : "";
            throw new BuildFailedException($"Tests failed: {totals}{tail}", inner: failure);
        }
        return totals;
    }
}
