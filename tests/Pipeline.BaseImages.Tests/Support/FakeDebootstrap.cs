namespace Pipeline.BaseImages.Tests.Support;

/// <summary>
/// A debootstrap that fails at once with a known line: a test that expects no bootstrap sees it if one runs,
/// and a test of a fallback to bootstrapping sees that the fallback happened, without the minutes a real one takes.
/// </summary>
public static class FakeDebootstrap
{
    /// <summary>What the fake prints; a <see cref="BaseImageException"/> from the builder contains it.</summary>
    public const string Marker = "fake debootstrap was run";

    /// <summary>Writes the fake into <paramref name="dir"/> and returns its path.</summary>
    public static string Failing(TempDirectory dir)
    {
        var script = dir.Write("fake-debootstrap", $"#!/bin/sh\necho 'E: {Marker}' >&2\nexit 3\n");
        File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
        return script;
    }
}
