using Pipeline.Dockerfiles.Editing;
using Pipeline.Dockerfiles.Syntax;

namespace Pipeline.Dockerfiles.ConfigurePip.Planning;

/// <summary>Collects the text edits and report rows planned for one Dockerfile.</summary>
internal sealed class PlanBuilder
{
    private readonly Dictionary<DockerfileSegment, int> _offsets = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<DockerfileSegment, int> _segmentIndex = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<int, List<string>> _insertions = [];
    private readonly List<TextEdit> _edits = [];
    private readonly List<ChangeRow> _rows = [];

    public PlanBuilder(DockerfileDocument document, string fileLabel)
    {
        Document = document;
        FileLabel = fileLabel;
        var at = 0;
        foreach (var segment in document.Segments)
        {
            _offsets[segment] = at;
            _segmentIndex[segment] = _segmentIndex.Count;
            at += segment.Raw.Length;
        }
        Text = document.ToText();
        LineEnding = document.LineEnding;
    }

    public DockerfileDocument Document { get; }

    public string FileLabel { get; }

    public string Text { get; }

    public string LineEnding { get; }

    public char Escape => Document.Directives.EscapeToken;

    public int OffsetOf(DockerfileSegment segment) => _offsets[segment];

    /// <summary>
    /// Queues whole lines (without terminators) to go before <paramref name="instruction"/> and the comment
    /// lines directly above it (they describe it), after lines queued earlier for the same place.
    /// </summary>
    public void InsertBefore(Instruction instruction, IEnumerable<string> lines)
    {
        var index = _segmentIndex[instruction];
        while (index > 0 && Document.Segments[index - 1] is TriviaSegment trivia && trivia.Raw.TrimStart().StartsWith('#')
               && !(index - 1 == 0 || Document.Segments.Take(index - 1).All(s => s is TriviaSegment)))
            index--;
        var at = OffsetOf(Document.Segments[index]);
        if (!_insertions.TryGetValue(at, out var list))
            _insertions[at] = list = [];
        list.AddRange(lines);
    }

    public void Edit(int start, int end, string replacement) => _edits.Add(new TextEdit(start, end, replacement));

    public void Row(BuildStage stage, int line, ChangeKind kind, string change, string reason) =>
        Row(stage.Label, line, kind, change, reason);

    public void Row(string stageLabel, int line, ChangeKind kind, string change, string reason) =>
        _rows.Add(new ChangeRow(FileLabel, stageLabel, line, kind, change, reason));

    public IReadOnlyList<ChangeRow> Rows => _rows;

    /// <summary>All edits: queued line blocks first at their offset, then in-place edits.</summary>
    public IReadOnlyList<TextEdit> Edits =>
        [.. _insertions.Select(i => new TextEdit(i.Key, i.Key, string.Concat(i.Value.Select(l => l + LineEnding)))), .. _edits];
}
