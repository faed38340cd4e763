using Pipeline.Containers.Context;

namespace Pipeline.Containers.Tests.Context;

public class DockerfileRewriterTests
{
    [Fact]
    public void Maps_base_images_on_from_lines_only()
    {
        const string dockerfile = "FROM python:3.11-slim AS build\nRUN echo python:3.11-slim\nFROM --platform=linux/amd64 docker.io/library/python:3.11-slim\nFROM build\n";

        var (text, replaced) = DockerfileRewriter.MapBaseImages(dockerfile,
            new Dictionary<string, string> { ["python:3.11-slim"] = "localhost/pipeline/python:3.11-slim" });

        Assert.Equal("FROM localhost/pipeline/python:3.11-slim AS build\nRUN echo python:3.11-slim\nFROM --platform=linux/amd64 localhost/pipeline/python:3.11-slim\nFROM build\n", text);
        Assert.Equal(2, replaced.Count);
    }

    [Fact]
    public void Labels_become_one_sorted_LABEL_step_at_the_end_of_the_last_stage()
    {
        var text = DockerfileRewriter.AddLabels("FROM a AS build\nRUN make\nFROM b\nCOPY --from=build /x /x",
            new Dictionary<string, string> { ["z.last"] = "2", ["a.first"] = "1" });

        Assert.Equal("FROM a AS build\nRUN make\nFROM b\nCOPY --from=build /x /x\nLABEL \"a.first\"=\"1\" \"z.last\"=\"2\"\n", text);
    }

    [Fact]
    public void Labels_go_to_the_end_of_the_target_stage_when_one_is_built()
    {
        var text = DockerfileRewriter.AddLabels("FROM a AS good\nRUN ok\nFROM good AS bad\nRUN exit 9\n",
            new Dictionary<string, string> { ["k"] = "v" }, targetStage: "GOOD");

        Assert.Equal("FROM a AS good\nRUN ok\nLABEL \"k\"=\"v\"\nFROM good AS bad\nRUN exit 9\n", text);
    }

    [Theory]
    [InlineData("", "say \"hi\" for $5 C:\\x", "LABEL \"k\"=\"say \\\"hi\\\" for \\$5 C:\\\\x\"")]
    [InlineData("# escape=`\n", "say \"hi\" for $5 C:\\x", "LABEL \"k\"=\"say `\"hi`\" for `$5 C:\\x\"")]
    public void Label_values_are_quoted_with_the_files_escape_character(string directive, string value, string expected)
    {
        var text = DockerfileRewriter.AddLabels(directive + "FROM a\n", new Dictionary<string, string> { ["k"] = value });

        Assert.Equal(directive + "FROM a\n" + expected + "\n", text);
    }

    [Fact]
    public void Strips_cache_mounts_and_keeps_other_flags()
    {
        const string dockerfile = "FROM x\nRUN --mount=type=cache,target=/root/.cache/pip --network=host pip install -r r.txt\nRUN --mount=type=secret,id=a cat /run/secrets/a\nRUN echo --mount=type=cache\n";

        var (text, removed) = DockerfileRewriter.StripCacheMounts(dockerfile);

        Assert.Equal(1, removed);
        Assert.Equal("FROM x\nRUN --network=host pip install -r r.txt\nRUN --mount=type=secret,id=a cat /run/secrets/a\nRUN echo --mount=type=cache\n", text);
        Assert.True(DockerfileRewriter.HasMounts(text));
        Assert.False(DockerfileRewriter.HasMounts("FROM x\nRUN echo --mount=a\n"));
    }

    [Fact]
    public void Lists_base_images_resolving_args_and_skipping_stages()
    {
        const string dockerfile = "ARG BASE=python:3.11\nARG TAG\nFROM ${BASE} AS deps\nFROM deps AS test\nFROM scratch\nFROM registry.local/tools:$TAG\n";

        var images = DockerfileRewriter.BaseImages(dockerfile, new Dictionary<string, string?> { ["TAG"] = "7" });

        Assert.Equal(["python:3.11", "registry.local/tools:7"], images);
    }

    [Fact]
    public void One_arg_line_may_declare_several_args()
    {
        const string dockerfile = "ARG REGISTRY=registry.local TAG=\"3.11\" NAME\nFROM $REGISTRY/${NAME}:$TAG\n";

        var images = DockerfileRewriter.BaseImages(dockerfile, new Dictionary<string, string?> { ["NAME"] = "python" });

        Assert.Equal(["registry.local/python:3.11"], images);
    }

    [Theory]
    [InlineData("python", "docker.io/library/python:latest")]
    [InlineData("python:3.11", "docker.io/library/python:3.11")]
    [InlineData("user/app:1", "docker.io/user/app:1")]
    [InlineData("localhost/pipeline/python:3.11-slim", "localhost/pipeline/python:3.11-slim")]
    [InlineData("registry:5000/app", "registry:5000/app:latest")]
    [InlineData("stack-base", "docker.io/library/stack-base:latest")]
    public void Normalizes_image_names(string image, string expected) => Assert.Equal(expected, ImageReference.Normalize(image));
}

public class DockerfileRewriterParserTests
{
    [Fact]
    public void Strips_cache_mounts_written_on_continuation_lines()
    {
        const string dockerfile = "FROM x\nRUN \\\n    --mount=type=cache,target=/root/.cache/pip \\\n    --mount=type=secret,id=a \\\n    pip install -r r.txt\n"
            + "RUN --network=host \\\n  --mount=type=cache,target=/root/.cache/uv,sharing=locked \\\n  uv sync\n";

        var (text, removed) = DockerfileRewriter.StripCacheMounts(dockerfile);

        Assert.Equal(2, removed);
        Assert.Equal("FROM x\nRUN \\\n    --mount=type=secret,id=a \\\n    pip install -r r.txt\nRUN --network=host \\\n  uv sync\n", text);
        Assert.True(DockerfileRewriter.HasMounts(text));
        Assert.False(DockerfileRewriter.HasMounts(DockerfileRewriter.StripCacheMounts("FROM x\nRUN \\\n --mount=type=cache,target=/c \\\n make\n").Text));
    }

    [Fact]
    public void Strips_cache_mounts_under_the_backtick_escape_and_keeps_crlf()
    {
        const string dockerfile = "# escape=`\r\nFROM x\r\nRUN --mount=type=cache,target=C:\\cache `\r\n    build.cmd\r\n";

        var (text, removed) = DockerfileRewriter.StripCacheMounts(dockerfile);

        Assert.Equal(1, removed);
        Assert.Equal("# escape=`\r\nFROM x\r\nRUN build.cmd\r\n", text);
    }

    [Fact]
    public void A_mount_in_an_ONBUILD_trigger_counts_but_words_in_a_heredoc_do_not()
    {
        Assert.True(DockerfileRewriter.HasMounts("FROM x\nONBUILD RUN --mount=type=secret,id=a true\n"));
        Assert.False(DockerfileRewriter.HasMounts("FROM x\nRUN <<EOF\n--mount=type=cache\nEOF\n"));
    }

    [Fact]
    public void Maps_a_FROM_written_with_an_arg_resolved_with_the_build_args()
    {
        const string dockerfile = "ARG PY=3.10\nARG BASE=python:${PY}-slim\nFROM $BASE AS deps\nFROM deps\n";
        var map = new Dictionary<string, string> { ["python:3.11-slim"] = "localhost/pipeline/python:3.11-slim" };

        var (text, replaced) = DockerfileRewriter.MapBaseImages(dockerfile, map, new Dictionary<string, string?> { ["PY"] = "3.11" });
        var (unchanged, none) = DockerfileRewriter.MapBaseImages(dockerfile, map);

        Assert.Equal("ARG PY=3.10\nARG BASE=python:${PY}-slim\nFROM localhost/pipeline/python:3.11-slim AS deps\nFROM deps\n", text);
        Assert.Equal(["python:3.11-slim -> localhost/pipeline/python:3.11-slim"], replaced);
        Assert.Equal(dockerfile, unchanged);
        Assert.Empty(none);
    }

    [Fact]
    public void Maps_a_FROM_whose_image_follows_a_flag_on_a_continuation_line()
    {
        const string dockerfile = "FROM \\\n  --platform=linux/amd64 \\\n  python:3.11 AS app\n";

        var (text, _) = DockerfileRewriter.MapBaseImages(dockerfile, new Dictionary<string, string> { ["python:3.11"] = "localhost/py" });

        Assert.Equal("FROM \\\n  --platform=linux/amd64 \\\n  localhost/py AS app\n", text);
    }

    [Fact]
    public void A_file_BuildKit_refuses_fails_with_its_line_and_has_no_base_images()
    {
        const string dockerfile = "FROM python:3.11\n before installing runtime dependencies\n";

        var error = Assert.Throws<Pipeline.Dockerfiles.Syntax.DockerfileParseException>(() =>
            DockerfileRewriter.MapBaseImages(dockerfile, new Dictionary<string, string>(), fileName: "/s/app/Dockerfile"));

        Assert.StartsWith("/s/app/Dockerfile:2: unknown instruction 'before'", error.Message);
        Assert.Empty(DockerfileRewriter.BaseImages(dockerfile, new Dictionary<string, string?>()));
    }

    private static readonly Dictionary<string, string> Proxies = new()
    {
        ["https://pypi.org/simple"] = "http://10.0.2.2:3141/pypi/simple",
        ["https://download.pytorch.org/whl/cpu/"] = "http://10.0.2.2:3141/torch-cpu/",
    };

    [Fact]
    public void Index_urls_of_pip_and_uv_steps_point_at_the_proxy()
    {
        const string dockerfile = "FROM python:3.12\n"
            + "RUN pip install -i https://pypi.org/simple/ \\\n    --extra-index-url=https://download.pytorch.org/whl/cpu torch \\\n && pip3 install -ihttps://pypi.org/simple x\n"
            + "RUN uv pip install --index-url \"https://pypi.org/simple\" --index pytorch=https://download.pytorch.org/whl/cpu y\n"
            + "RUN <<EOF\npip install --index-url https://PyPI.org/simple z\nEOF\n"
            + "RUN curl https://pypi.org/simple/ && pip install --index-url https://example.com/simple w\n";

        var (text, replaced) = DockerfileRewriter.MapIndexUrls(dockerfile, Proxies);

        Assert.Equal("FROM python:3.12\n"
            + "RUN pip install -i http://10.0.2.2:3141/pypi/simple \\\n    --extra-index-url=http://10.0.2.2:3141/torch-cpu/ torch \\\n && pip3 install -ihttp://10.0.2.2:3141/pypi/simple x\n"
            + "RUN uv pip install --index-url \"http://10.0.2.2:3141/pypi/simple\" --index pytorch=http://10.0.2.2:3141/torch-cpu/ y\n"
            + "RUN <<EOF\npip install --index-url http://10.0.2.2:3141/pypi/simple z\nEOF\n"
            + "RUN curl https://pypi.org/simple/ && pip install --index-url https://example.com/simple w\n", text);
        Assert.Equal(6, replaced.Count);
        Assert.StartsWith("2: https://pypi.org/simple -> ", replaced[0]);
    }

    [Fact]
    public void Index_variables_in_ENV_and_ARG_point_at_the_proxy()
    {
        const string dockerfile = "FROM python:3.12\n"
            + "ARG PIP_INDEX_URL=https://pypi.org/simple OTHER=https://pypi.org/simple\n"
            + "ENV PIP_EXTRA_INDEX_URL=\"https://example.com/simple https://download.pytorch.org/whl/cpu\" \\\n    UV_INDEX=pytorch=https://download.pytorch.org/whl/cpu\n"
            + "ENV UV_EXTRA_INDEX_URL https://download.pytorch.org/whl/cpu\n"
            + "ENV HOME_PAGE=https://pypi.org/simple\n";

        var (text, replaced) = DockerfileRewriter.MapIndexUrls(dockerfile, Proxies);

        Assert.Equal("FROM python:3.12\n"
            + "ARG PIP_INDEX_URL=http://10.0.2.2:3141/pypi/simple OTHER=https://pypi.org/simple\n"
            + "ENV PIP_EXTRA_INDEX_URL=\"https://example.com/simple http://10.0.2.2:3141/torch-cpu/\" \\\n    UV_INDEX=pytorch=http://10.0.2.2:3141/torch-cpu/\n"
            + "ENV UV_EXTRA_INDEX_URL http://10.0.2.2:3141/torch-cpu/\n"
            + "ENV HOME_PAGE=https://pypi.org/simple\n", text);
        Assert.Equal(4, replaced.Count);
    }

    [Fact]
    public void An_index_mapped_to_itself_is_left_alone_and_the_others_still_point_at_the_proxy()
    {
        const string dockerfile = "FROM python:3.12\n"
            + "RUN pip install --index-url http://127.0.0.1:5000/cpu/simple/ torch && pip install -i https://pypi.org/simple x\n";
        var proxies = new Dictionary<string, string>(Proxies) { ["http://127.0.0.1:5000/cpu/simple"] = "http://127.0.0.1:5000/cpu/simple/" };

        var (text, replaced) = DockerfileRewriter.MapIndexUrls(dockerfile, proxies);

        Assert.Equal("FROM python:3.12\n"
            + "RUN pip install --index-url http://127.0.0.1:5000/cpu/simple/ torch && pip install -i http://10.0.2.2:3141/pypi/simple x\n", text);
        Assert.Equal(["2: https://pypi.org/simple -> http://10.0.2.2:3141/pypi/simple"], replaced);
    }

    [Fact]
    public void A_proxy_url_that_a_shell_would_split_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            DockerfileRewriter.MapIndexUrls("FROM a\n", new Dictionary<string, string> { ["https://pypi.org/simple"] = "http://h/x y" }));

        Assert.Contains("'http://h/x y'", error.Message);
    }

    [Fact]
    public void Pip_config_files_copied_from_the_context_are_found_and_mapped()
    {
        const string dockerfile = "FROM python:3.12\nCOPY ./pip.conf /etc/pip.conf\nCOPY conf/global.ini /root/.config/pip/pip.conf\nCOPY --from=base /pip.conf /etc/pip.conf\nCOPY app /app\n";
        const string pipConf = "[global]\r\nindex-url = https://pypi.org/simple\r\nextra-index-url =\r\n    https://example.com/simple\r\n    https://download.pytorch.org/whl/cpu\r\ntimeout = 60\r\n";

        var sources = DockerfileRewriter.PipConfigSources(dockerfile);
        var (mapped, replaced) = DockerfileRewriter.MapPipConfig(pipConf, Proxies);

        Assert.Equal(["pip.conf", "conf/global.ini"], sources);
        Assert.Equal("[global]\r\nindex-url = http://10.0.2.2:3141/pypi/simple\r\nextra-index-url =\r\n    https://example.com/simple\r\n    http://10.0.2.2:3141/torch-cpu/\r\ntimeout = 60\r\n", mapped);
        Assert.Equal(["2: https://pypi.org/simple -> http://10.0.2.2:3141/pypi/simple", "5: https://download.pytorch.org/whl/cpu/ -> http://10.0.2.2:3141/torch-cpu/"], replaced);
    }
}

public class IndexProxyContextTests
{
    [Fact]
    public async Task The_context_sent_has_the_pip_conf_mapped_and_the_file_on_disk_keeps_its_upstream()
    {
        using var dir = new Pipeline.Testing.TempDirectory("proxy-ctx");
        const string pipConf = "[global]\nindex-url = https://pypi.org/simple\n";
        const string dockerfile = "FROM python:3.12\nCOPY pip.conf /etc/pip.conf\nRUN pip install flask\n";
        dir.Write("ctx/pip.conf", pipConf);
        dir.Write("ctx/Dockerfile", dockerfile);
        var proxies = new Dictionary<string, string> { ["https://pypi.org/simple/"] = "http://10.0.2.2:3141/simple/" };
        var (sent, files, replaced) = await DockerfileRewriter.MapIndexProxiesAsync(dir.Combine("ctx"), dockerfile, proxies, CancellationToken.None);

        using var packed = await BuildContextPacker.PackAsync(dir.Combine("ctx"), dir.Combine("ctx", "Dockerfile"), sent, CancellationToken.None, files);
        await using var stream = packed.Open();
        await using var reader = new System.Formats.Tar.TarReader(stream);
        var entries = new Dictionary<string, string>();
        while (await reader.GetNextEntryAsync() is { } entry)
            if (entry.DataStream is not null) entries[entry.Name] = await new StreamReader(entry.DataStream).ReadToEndAsync();

        Assert.Equal("[global]\nindex-url = http://10.0.2.2:3141/simple/\n", entries["pip.conf"]);
        Assert.Equal(pipConf, await File.ReadAllTextAsync(dir.Combine("ctx", "pip.conf")));
        Assert.Equal(["pip.conf:2: https://pypi.org/simple/ -> http://10.0.2.2:3141/simple/"], replaced);
        Assert.Equal(["pip.conf"], files.Keys);
    }
}

public class DockerfileRewriterLabelTests
{
    [Theory]
    [InlineData("FROM a\nRUN make \\", "FROM a\nRUN make \n")]
    [InlineData("FROM a\nRUN make \\\n", "FROM a\nRUN make \n")]
    [InlineData("FROM a\nRUN make \\\n# trailing comment\n\n", "FROM a\nRUN make \n# trailing comment\n\n")]
    [InlineData("# escape=`\nFROM a\nRUN make `\r\n", "# escape=`\nFROM a\nRUN make \r\n")]
    public void A_label_after_a_continuation_at_the_end_of_the_file_stays_its_own_instruction(string dockerfile, string expectedHead)
    {
        var text = DockerfileRewriter.AddLabels(dockerfile, new Dictionary<string, string> { ["k"] = "v" });

        Assert.Equal(expectedHead + "LABEL \"k\"=\"v\"\n", text);
        var last = Pipeline.Dockerfiles.Syntax.DockerfileParser.Parse(text).Instructions[^1];
        Assert.Equal("LABEL", last.Command);
    }
}
