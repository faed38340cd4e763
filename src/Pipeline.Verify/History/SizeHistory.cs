namespace Pipeline.Verify.History;

/// <summary>
/// Last verified sizes per image reference (pure logic; <see cref="SizeHistoryStore"/> persists it).
/// Answers "how big was the previous image of this tag" and records new verifications.
/// </summary>
internal sealed class SizeHistory
{
    private readonly Dictionary<string, SizeHistoryEntry> _entries;

    /// <summary>Creates a history from stored entries (reference → entry).</summary>
    public SizeHistory(IReadOnlyDictionary<string, SizeHistoryEntry>? entries = null) =>
        _entries = new Dictionary<string, SizeHistoryEntry>(entries ?? new Dictionary<string, SizeHistoryEntry>(), StringComparer.Ordinal);

    /// <summary>The stored entries (reference → entry).</summary>
    public IReadOnlyDictionary<string, SizeHistoryEntry> Entries => _entries;

    /// <summary>
    /// Size of the last verified image of <paramref name="reference"/> that is not <paramref name="imageId"/>,
    /// or null when none is known.
    /// </summary>
    public long? PreviousSize(string reference, string imageId)
    {
        if (!_entries.TryGetValue(reference, out var entry)) return null;
        return entry.Current.ImageId != imageId ? entry.Current.SizeBytes : entry.Previous?.SizeBytes;
    }

    /// <summary>Records that <paramref name="reference"/> was verified as <paramref name="record"/>.</summary>
    public void Record(string reference, SizeRecord record)
    {
        if (!_entries.TryGetValue(reference, out var entry))
            _entries[reference] = new SizeHistoryEntry(record, null);
        else if (entry.Current.ImageId == record.ImageId)
            _entries[reference] = entry with { Current = record };
        else
            _entries[reference] = new SizeHistoryEntry(record, entry.Current);
    }
}
