using Pipeline.Verify.Probing;

namespace Pipeline.Verify.Tests.Unit;

public class InterpreterCandidatesTests
{
    private static IReadOnlyList<string> Paths(IReadOnlyList<string> entrypoint, IReadOnlyList<string> command, Dictionary<string, string>? environment = null) =>
        InterpreterProbe.Candidates(entrypoint, command, environment ?? []).Select(c => $"{c.Path} <{c.Origin}>").ToList();

    [Fact]
    public void What_the_image_runs_comes_first_then_its_environment_then_the_usual_places_then_path()
    {
        Assert.Equal(
        [
            "/opt/conda/envs/app/bin/python <entrypoint>",
            "/opt/conda/bin/python <conda prefix>",
            "/opt/conda/envs/*/bin/python <conda environment>",
            "/app/.venv/bin/python <project venv>",
            "python3 <PATH>",
            "python <PATH>",
        ], Paths(["/opt/conda/envs/app/bin/python", "-m", "app"], []));

        // micromamba's image: an activation script as entrypoint, the environment chosen by ENV_NAME.
        Assert.Equal(
        [
            "/opt/conda/envs/ml/bin/python <MAMBA_ROOT_PREFIX, ENV_NAME>",
            "/opt/conda/bin/python <MAMBA_ROOT_PREFIX>",
            "/opt/conda/envs/*/bin/python <MAMBA_ROOT_PREFIX>",
            "python <cmd, on PATH>",
            "/app/.venv/bin/python <project venv>",
            "python3 <PATH>",
        ], Paths(["/usr/local/bin/_entrypoint.sh"], ["python", "serve.py"], new() { ["MAMBA_ROOT_PREFIX"] = "/opt/conda/", ["ENV_NAME"] = "ml" }));

        // A shell string names the venv; VIRTUAL_ENV says the same.
        Assert.Equal(
            ["/srv/venv/bin/python3.12 <cmd>", "/srv/venv/bin/python <VIRTUAL_ENV>"],
            Paths([], ["/bin/sh", "-c", "exec /srv/venv/bin/python3.12 -m app"], new() { ["VIRTUAL_ENV"] = "/srv/venv" }).Take(2));
        // Not a Python: a script whose name merely starts with it.
        Assert.DoesNotContain(Paths(["/usr/bin/python-launcher"], []), p => p.StartsWith("/usr/bin/python-launcher", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("# interpreter: /opt/conda/envs/app/bin/python (MAMBA_ROOT_PREFIX, ENV_NAME)\n# source: importlib.metadata\n", "/opt/conda/envs/app/bin/python", "MAMBA_ROOT_PREFIX, ENV_NAME")]
    [InlineData("# interpreter: /dir (x)/bin/python (entrypoint)\n", "/dir (x)/bin/python", "entrypoint")]
    public void The_interpreter_line_is_read_back(string output, string path, string origin) =>
        Assert.Equal(new ProbedInterpreter(path, origin), InterpreterProbe.Parse(output));

    [Fact]
    public void No_interpreter_line_or_none_is_null() =>
        Assert.All(["# interpreter: none\n", "installed=no\n"], o => Assert.Null(InterpreterProbe.Parse(o)));
}
