using Pipeline.Dockerfiles.Pip;
using Pipeline.Dockerfiles.Shell;
using Pipeline.Dockerfiles.Syntax;

namespace Pipeline.Dockerfiles.Tests.Shell;

public sealed class PipInvocationFinderTests
{
    private static IReadOnlyList<PipInvocation> Find(string script) => PipInvocationFinder.FindAll(ShellScriptParser.Parse(script));

    private static IReadOnlyList<PipInvocation> FindInRun(string dockerfile) =>
        DockerfileParser.Parse(dockerfile).Instructions.SelectMany(RunScript.Of).SelectMany(s => PipInvocationFinder.FindAll(s.Commands)).ToList();

    [Fact]
    public void Finds_every_launcher_in_a_chain()
    {
        var found = Find("apt-get update && pip install a; python -m pip install b || pip3 install c | tee log && /usr/local/bin/python3.12 -u -m pip install d & python3 -mpip install e");

        Assert.Equal(["pip", "python -m pip", "pip3", "/usr/local/bin/python3.12 -u -m pip", "python3 -mpip"], found.Select(f => f.LauncherText));
        Assert.Equal(["a", "b", "c", "d", "e"], found.Select(f => f.Specs.Single().Value));
    }

    [Fact]
    public void Reads_options_and_requirement_arguments()
    {
        var pip = Assert.Single(Find("pip --disable-pip-version-check install --no-cache-dir --user --prefix=/opt/py -r requirements.txt -rdev.txt --requirement=more.txt -c c.txt --index-url https://mirror/simple --extra-index-url=http://x/simple -i http://last/simple --trusted-host x 'torch==2.5.1+cpu' \"numpy>=1,<2\" ."));

        Assert.True(pip.NoCacheDir);
        Assert.True(pip.User);
        Assert.Equal("/opt/py", pip.Prefix);
        Assert.Equal(["requirements.txt", "dev.txt", "more.txt"], pip.RequirementFiles);
        Assert.Equal(["c.txt"], pip.ConstraintFiles);
        Assert.Equal("http://last/simple", pip.IndexUrl);
        Assert.Equal(["http://x/simple"], pip.ExtraIndexUrls);
        Assert.Equal(["torch==2.5.1+cpu", "numpy>=1,<2", "."], pip.Specs.Select(s => s.Value));
        Assert.True(pip.Has("--disable-pip-version-check"));
    }

    [Fact]
    public void Quotes_comments_and_other_commands_do_not_fool_it()
    {
        var found = Find("echo 'pip install fake' && echo \"python -m pip install also-fake\" # pip install comment\nsh -c 'pip install quoted' && pip download x && pip install real > /dev/null 2>&1 && echo $(pip install sub)");

        // `sh -c` runs its script: that pip is found too, with no place in the file (it is read, not edited).
        Assert.Equal(2, found.Count);
        Assert.Equal(["quoted"], found[0].Specs.Select(s => s.Value));
        Assert.Equal(-1, found[0].Install.Start);
        Assert.Equal(["real"], found[1].Specs.Select(s => s.Value));
    }

    [Fact]
    public void Skips_assignments_and_wrappers()
    {
        var found = Find("PIP_EXTRA_INDEX_URL= pip install torch && sudo -H pip install x && env A=1 pip3 install y");

        Assert.Equal(3, found.Count);
        Assert.Equal(1, found[0].Command.AssignmentCount);
    }

    [Fact]
    public void Word_positions_point_into_the_script()
    {
        const string script = "pip install   --no-cache-dir \"a b\" && x";

        var pip = Assert.Single(Find(script));

        var option = pip.Options.Single(o => o.Name == "--no-cache-dir").Words.Single();
        Assert.Equal("--no-cache-dir", script[option.Start..option.End]);
        Assert.Equal("\"a b\"", script[pip.Specs[0].Start..pip.Specs[0].End]);
    }

    [Fact]
    public void Finds_pip_across_continuations_but_not_in_comments_or_heredoc_data()
    {
        var found = FindInRun("""
            FROM python
            # RUN pip install in-a-comment
            RUN apt-get update \
              # pip install in-a-continuation-comment
              && pip install \
                 --no-cache-dir -r r.txt
            RUN cat > /tmp/x.sh <<EOF
            pip install in-heredoc-data
            EOF
            RUN python3 <<EOF
            import os  # pip install in-python
            EOF
            RUN <<EOF
            set -e
            pip install --no-cache-dir from-heredoc-script
            EOF
            COPY <<EOF /etc/pip-note
            pip install in-copied-file
            EOF
            RUN ["pip", "install", "exec-form"]
            """);

        Assert.Equal(3, found.Count);
        Assert.Equal(["r.txt"], found[0].RequirementFiles);
        Assert.Equal("from-heredoc-script", found[1].Specs.Single().Value);
        Assert.Equal("exec-form", found[2].Specs.Single().Value);
        Assert.Equal(-1, found[2].Specs[0].Start); // exec form: no source text to edit
    }

    [Fact]
    public void Backtick_escaped_run_is_read_too()
    {
        var found = FindInRun("# escape=`\nFROM python\nRUN pip install `\n    --no-cache-dir C:\\wheels\\x.whl\n");

        var pip = Assert.Single(found);
        Assert.True(pip.NoCacheDir);
        Assert.Equal("C:wheelsx.whl", pip.Specs.Single().Value);
    }

    [Fact]
    public void Non_install_subcommands_are_not_installs()
    {
        Assert.Empty(Find("pip config set global.timeout 300 && pip freeze && python -m pip --version && python -c 'import pip'"));
    }
}
