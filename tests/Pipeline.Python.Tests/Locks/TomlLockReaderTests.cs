using Pipeline.Python.Locks;

namespace Pipeline.Python.Tests.Locks;

public class TomlLockReaderTests
{
    [Fact]
    public void Malformed_uv_lock_names_file_and_line()
    {
        var e = Assert.Throws<PythonInputException>(() => UvLockReader.Read("version = 1\n[[package]]\nname = = 'x'\n", "a/uv.lock"));

        Assert.Equal(3, e.Line);
        Assert.StartsWith("a/uv.lock:3: invalid TOML: ", e.Message);
    }

    [Fact]
    public void A_backslash_at_the_end_of_the_file_names_file_and_line()
    {
        // Found by InputPropertyTests on binary garbage: Tomlyn's lexer threw ArgumentOutOfRangeException here.
        var e = Assert.Throws<PythonInputException>(() => UvLockReader.Read("version = 1\n[[package]]\nname = \"a\\", "a/uv.lock"));

        Assert.Equal("a/uv.lock:3: invalid TOML: the file ends inside an escape ('\\' is its last character)", e.Message);
    }

    [Fact]
    public void Wrong_kind_of_toml_is_rejected_clearly()
    {
        Assert.Contains("expected a top-level 'version = 1'", Assert.Throws<PythonInputException>(() => UvLockReader.Read("[project]\nname='x'\n", "uv.lock")).Message);
        Assert.Contains("lock-version", Assert.Throws<PythonInputException>(() => PylockReader.Read("version = 1\n", "pylock.toml")).Message);
        Assert.Contains("expected a string 'name'", Assert.Throws<PythonInputException>(() => UvLockReader.Read("version = 1\n[[package]]\nversion = '1'\n", "uv.lock")).Message);
    }

    [Fact]
    public void Missing_size_is_null_not_zero()
    {
        const string text = """
            version = 1
            [[package]]
            name = "torch"
            version = "2.5.1+cpu"
            source = { registry = "https://download.pytorch.org/whl/cpu" }
            wheels = [{ url = "https://download.pytorch.org/whl/cpu/torch-2.5.1%2Bcpu-cp311-cp311-linux_x86_64.whl", hash = "sha256:ab" }]
            """;

        var wheel = Assert.Single(Assert.Single(UvLockReader.Read(text, "uv.lock").Packages).Wheels);

        Assert.Null(wheel.Size);
        Assert.Equal("torch-2.5.1+cpu-cp311-cp311-linux_x86_64.whl", wheel.FileName);
    }

    [Fact]
    public void Errors_and_packages_inside_toml_locks_carry_the_package_header_line()
    {
        const string uv = "version = 1\n\n[[package]]\nname = \"a\"\nversion = \"1\"\n\n[[package]]\nname = \"b\"\nsdist = { size = 3 }\n";
        const string pylock = "lock-version = \"1.0\"\n[[packages]]\nname = \"a\"\n[[packages]]\nversion = \"2\"\n";

        Assert.Equal([3, 7], UvLockReader.Read(uv.Replace("sdist = { size = 3 }\n", ""), "uv.lock").Packages.Select(p => p.Line));
        Assert.StartsWith("uv.lock:7: package 'b': expected 'url'", Assert.Throws<PythonInputException>(() => UvLockReader.Read(uv, "uv.lock")).Message);
        Assert.StartsWith("pylock.toml:4: [[packages]]: expected a string 'name'", Assert.Throws<PythonInputException>(() => PylockReader.Read(pylock, "pylock.toml")).Message);
    }

    [Theory]
    [InlineData("uv.lock", LockFormat.UvLock)]
    [InlineData("x.uv.lock", LockFormat.UvLock)]
    [InlineData("pylock.toml", LockFormat.Pylock)]
    [InlineData("pylock.dev.toml", LockFormat.Pylock)]
    [InlineData("requirements.lock", LockFormat.Requirements)]
    [InlineData("requirements.txt", LockFormat.Requirements)]
    public void Format_follows_file_name(string name, LockFormat format)
    {
        Assert.Equal(format, LockFileReader.FormatOf(name));
    }
}
