using Pipeline.Dockerfiles.Syntax;

namespace Pipeline.Dockerfiles.Tests.Syntax;

public sealed class ArgResolverTests
{
    [Fact]
    public void Meta_args_resolve_from_lines_with_build_args_winning_over_defaults()
    {
        var document = DockerfileParser.Parse("ARG REGISTRY=registry.local TAG=\"3.11\" NAME\nARG IMAGE=$REGISTRY/${NAME:-python}\nFROM ${IMAGE}:$TAG AS base\nFROM base AS test\nFROM scratch\nFROM '${IMAGE}'\n");

        var given = ArgResolver.For(document, new Dictionary<string, string?> { ["TAG"] = "3.12", ["NAME"] = null, ["UNDECLARED"] = "x" });

        Assert.Equal(["registry.local/python:3.12", "base", "scratch", "${IMAGE}"], given.Bases().Select(b => b.Image));
        Assert.Equal(["registry.local/python:3.12", "${IMAGE}"], given.ExternalBaseImages());
        Assert.Same(document.Stages[0], given.Bases()[1].FromStage);
        Assert.False(given.MetaArgs.ContainsKey("UNDECLARED"));
        Assert.Equal("registry.local/python:3.11", ArgResolver.For(document).Bases()[0].Image);
    }

    [Theory]
    [InlineData("${A:-d}", "", "d")]
    [InlineData("${A-d}", "", "")]
    [InlineData("${B-d}", "", "d")]
    [InlineData("${A:+alt}", "v", "alt")]
    [InlineData("${B+alt}", "", "")]
    [InlineData("\"$A\"x\\$A", "v", "vx$A")]
    [InlineData("$", "", "$")]
    [InlineData("a$A_b", "v", "a")]
    public void Expands_like_BuildKits_shell_lexer(string word, string a, string expected) =>
        Assert.Equal(expected, ArgResolver.Expand(word, new Dictionary<string, string> { ["A"] = a }, '\\'));

    [Fact]
    public void Stage_scope_sees_redeclared_meta_args_stage_args_and_env()
    {
        var document = DockerfileParser.Parse("ARG INDEX=https://pypi.org/simple\nFROM a AS one\nENV BASE_URL=/x\nFROM one\nARG INDEX\nARG EXTRA=$INDEX/extra\nENV URL=${INDEX}$BASE_URL\nRUN pip install\n");

        var resolver = ArgResolver.For(document);
        var stage = document.Stages[1];
        var scope = resolver.ScopeAt(stage, stage.Instructions[^1]);

        Assert.Equal("https://pypi.org/simple/extra", scope["EXTRA"]);
        Assert.Equal("https://pypi.org/simple/x", scope["URL"]);
        Assert.False(resolver.ScopeAt(document.Stages[0]).ContainsKey("INDEX"));
    }
}
