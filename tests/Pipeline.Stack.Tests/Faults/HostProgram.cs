using Pipeline.Testing;

namespace Pipeline.Stack.Tests.Faults;

/// <summary>
/// The test assembly's entry point (vstest never calls it). <c>dotnet exec Pipeline.Stack.Tests.dll hold-podman &lt;file&gt;</c>
/// is a stand-in test host for <see cref="TestHostKillTests"/>: it starts the test run's shared podman service and one
/// of its own through the test infrastructure (<see cref="PodmanService"/>), writes <c>ready</c> to the file, and waits
/// to be killed.
/// </summary>
public static class HostProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args is not ["hold-podman", var readyFile]) return 0;
        await PodmanService.GetAsync();
        await using var own = await PodmanService.StartOwnAsync("unqualified-search-registries = []\n");
        await File.WriteAllTextAsync(readyFile, "ready");
        // Bounded: a parent that died without killing this host does not leave it (and its services) for ever.
        await Task.Delay(TimeSpan.FromMinutes(5));
        return 1;
    }
}
