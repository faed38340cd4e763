using Pipeline.Python.Locks;
using Pipeline.Python.Markers;

namespace Pipeline.Python.Audit;

/// <summary>Evaluates marker strings from one lock against one environment, caching parses (locks repeat markers).</summary>
internal sealed class MarkerEvaluator(string lockPath, MarkerEnvironment environment)
{
    private readonly Dictionary<string, bool> _cache = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="marker"/> holds; bad syntax names the lock and the package.</summary>
    public bool Holds(string marker, LockedPackage owner)
    {
        if (_cache.TryGetValue(marker, out var result))
            return result;
        try
        {
            result = MarkerParser.Parse(marker).Evaluate(environment);
        }
        catch (MarkerSyntaxException e)
        {
            throw new PythonInputException(owner.SourceFile ?? lockPath, owner.Line, $"package '{owner.Name}': {e.Message}", e);
        }
        _cache[marker] = result;
        return result;
    }
}
