namespace Pipeline.Compose.Model;

/// <summary>
/// The <c>x-*</c> extension fields of a compose file or service, kept as plain values so other targets can
/// read their own settings (e.g. <c>x-pipeline: { size-budget: 900MB }</c>). Scalars are interpolated
/// strings, sequences are <see cref="IReadOnlyList{T}"/> and mappings are <see cref="IReadOnlyDictionary{TKey,TValue}"/>.
/// </summary>
public sealed class ComposeExtensions
{
    /// <summary>No extension fields.</summary>
    public static readonly ComposeExtensions Empty = new(new Dictionary<string, object?>());

    /// <summary>Wraps the extension fields by name (each name starts with <c>x-</c>).</summary>
    public ComposeExtensions(IReadOnlyDictionary<string, object?> values) => Values = values;

    /// <summary>Every extension field by name.</summary>
    public IReadOnlyDictionary<string, object?> Values { get; }

    /// <summary>
    /// The value at <paramref name="extension"/> then the mapping keys in <paramref name="path"/>, or null
    /// when any step is missing or not a mapping.
    /// </summary>
    public object? Get(string extension, params string[] path)
    {
        if (!Values.TryGetValue(extension, out var current)) return null;
        foreach (var key in path)
        {
            if (current is not IReadOnlyDictionary<string, object?> map || !map.TryGetValue(key, out current)) return null;
        }
        return current;
    }

    /// <summary>Like <see cref="Get"/>, for a scalar: the string, or null when absent or not a scalar.</summary>
    public string? GetString(string extension, params string[] path) => Get(extension, path) as string;
}
