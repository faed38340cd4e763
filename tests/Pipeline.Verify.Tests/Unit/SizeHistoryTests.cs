using Pipeline.Testing;
using Pipeline.Verify.History;

namespace Pipeline.Verify.Tests.Unit;

public class SizeHistoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Previous_size_is_the_last_verified_different_image_even_after_reverifying_the_same_one()
    {
        var history = new SizeHistory();
        Assert.Null(history.PreviousSize("app:latest", "sha256:a"));

        history.Record("app:latest", new SizeRecord("sha256:a", 100, Now));
        Assert.Equal(100, history.PreviousSize("app:latest", "sha256:b"));
        Assert.Null(history.PreviousSize("app:latest", "sha256:a"));

        history.Record("app:latest", new SizeRecord("sha256:b", 150, Now));
        history.Record("app:latest", new SizeRecord("sha256:b", 150, Now.AddHours(1)));
        Assert.Equal(100, history.PreviousSize("app:latest", "sha256:b"));
        Assert.Equal(150, history.PreviousSize("app:latest", "sha256:c"));
    }

    [Fact]
    public async Task Store_round_trips_and_a_missing_file_is_an_empty_history()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("state", "sizes.json");
        Assert.Empty((await SizeHistoryStore.LoadAsync(path, CancellationToken.None)).Entries);

        var history = new SizeHistory();
        history.Record("app:latest", new SizeRecord("sha256:a", 100, Now));
        history.Record("app:latest", new SizeRecord("sha256:b", 150, Now));
        await SizeHistoryStore.SaveAsync(path, history, CancellationToken.None);
        var loaded = await SizeHistoryStore.LoadAsync(path, CancellationToken.None);

        Assert.Equal(history.Entries["app:latest"], loaded.Entries["app:latest"]);
        Assert.Equal(["sizes.json"], Directory.GetFiles(dir.Combine("state")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_corrupt_file_is_one_clear_error_naming_file_and_line()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("sizes.json", "{\n  \"version\": 1,\n  \"images\": {,\n}");

        var error = await Assert.ThrowsAsync<VerifyConfigurationException>(() => SizeHistoryStore.LoadAsync(path, CancellationToken.None));

        Assert.StartsWith($"{path}:3: not valid size-history JSON", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("{\"x\": {}}", "expected \"current\" with \"imageId\" and \"sizeBytes\"")]
    [InlineData("{\"x\": null}", "expected an object with \"current\"")]
    [InlineData("{\"x\": {\"current\": {\"sizeBytes\": 5}}}", "\"current\" has no \"imageId\"")]
    [InlineData("{\"x\": {\"current\": {\"imageId\": \"sha256:a\", \"sizeBytes\": 5}, \"previous\": {}}}", "\"previous\" has no \"imageId\"")]
    public async Task An_entry_without_what_the_deltas_read_is_refused_when_loaded_naming_file_and_key(string images, string problem)
    {
        using var dir = new TempDirectory();
        // Line 5 holds the bad key; a valid entry before it must not hide it.
        var path = dir.Write("sizes.json", "{\n  \"version\": 1,\n  \"images\": {\n    \"ok:1\": {\"current\": {\"imageId\": \"sha256:o\", \"sizeBytes\": 1}},\n    " + images[1..^1] + "\n}}");

        var error = await Assert.ThrowsAsync<VerifyConfigurationException>(() => SizeHistoryStore.LoadAsync(path, CancellationToken.None));

        Assert.Equal($"{path}:5: image \"x\": {problem} (delete the file to start over)", error.Message);
    }
}
