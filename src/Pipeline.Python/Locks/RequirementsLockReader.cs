using Pipeline.Python.Wheels;
using Pipeline.Packaging;

namespace Pipeline.Python.Locks;

/// <summary>
/// Turns a parsed requirements file into a <see cref="LockFile"/> for auditing. Requirements files carry no
/// sizes, so every size is unknown; the source is the <c># source:</c> comment LockCpu writes, else the
/// file's <c>--index-url</c>, else pip's default index.
/// </summary>
internal static class RequirementsLockReader
{
    /// <summary>
    /// Parses and converts <paramref name="text"/>. Pure, so <c>-r</c> includes are not followed here:
    /// <see cref="LockFileReader.ReadAsync"/> reads them.
    /// </summary>
    public static LockFile Read(string text, string path) =>
        new(path, LockFormat.Requirements, Packages(RequirementsReader.Read(text, path), sourceFile: null));

    /// <summary>The packages of a parsed file; <paramref name="sourceFile"/> names an included file (null: the lock itself).</summary>
    internal static List<LockedPackage> Packages(RequirementsFile file, string? sourceFile)
    {
        var defaultSource = file.IndexUrl ?? "default index";
        var packages = file.Requirements.Select(r =>
        {
            // A direct reference to a wheel pins the version its file name carries (torch-2.5.1%2Bcpu-...whl is
            // 2.5.1+cpu); without it the audit would see no local label and call a +cpu torch CUDA.
            var wheelVersion = r.Url is not null ? WheelFileName.TryParseUrl(r.Url)?.Version : null;
            return new LockedPackage
            {
                Name = r.Name,
                Version = r.PinnedVersion ?? wheelVersion ?? (r.Url is not null ? "@ " + r.Url : r.Specifier.Length == 0 ? "(unpinned)" : r.Specifier),
                IsPinned = r.PinnedVersion is not null || wheelVersion is not null,
                Source = r.SourceComment ?? (r.Url is not null ? r.Url : defaultSource),
                Marker = r.Marker,
                Line = r.Line,
                SourceFile = sourceFile,
            };
        }).ToList();
        return packages;
    }
}
