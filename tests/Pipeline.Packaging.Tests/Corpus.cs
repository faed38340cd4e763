namespace Pipeline.Packaging.Tests;

/// <summary>Reads the table files under Data/: one case a row, columns split on <c>|</c>, <c>#</c> rows are comments.</summary>
internal static class Corpus
{
    public static TheoryData<string[]> Rows(string file)
    {
        var data = new TheoryData<string[]>();
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", file)))
        {
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            data.Add(line.Split('|').Select(c => c.Trim()).ToArray());
        }
        return data;
    }

    public static IReadOnlyList<string> List(string cell) =>
        cell.Length == 0 ? [] : cell.Split(',', StringSplitOptions.TrimEntries);

    public static string? Optional(string cell) => cell.Length == 0 ? null : cell;
}
