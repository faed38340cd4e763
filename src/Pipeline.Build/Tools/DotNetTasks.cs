using Serilog;

namespace Pipeline.Build;

/// <summary>The <c>dotnet</c> CLI calls the self-build needs (restore, build, test, pack), with test result totals.</summary>
public static class DotNetTasks
{
    /// <summary>Runs <c>dotnet</c> with the given arguments in <paramref name="workingDirectory"/>.</summary>
    public static Task<string> DotNetAsync(IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null, CancellationToken ct = default) =>
        ProcessTasks.RunAsync("dotnet", arguments, workingDirectory, environment, Log.Logger, ct);

    /// <summary>
    /// Runs the test projects of <paramref name="solution"/>, writing TRX and JUnit files to
    /// <paramref name="resultsDirectory"/>; returns the totals over all TRX files even when tests failed
    /// (the failure is rethrown after the totals are known).
    /// </summary>
    public static async Task<TestResultTotals> TestAsync(string solution, string configuration, string resultsDirectory, CancellationToken ct)
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
            ], Path.GetDirectoryName(Path.GetFullPath(solution))!, ct: ct);
        }
        catch (BuildFailedException e)
        {
            failure = e;
        }
        var totals = TestResultTotals.FromDirectory(resultsDirectory);
        await File.WriteAllTextAsync(Path.Combine(resultsDirectory, "totals.txt"), totals + "\n", ct);
        if (failure is not null)
            throw new BuildFailedException($"Tests failed: {totals}", inner: failure);
        return totals;
    }
}
