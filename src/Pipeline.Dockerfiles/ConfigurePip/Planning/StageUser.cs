using System.Globalization;
using Pipeline.Dockerfiles.Syntax;

namespace Pipeline.Dockerfiles.ConfigurePip.Planning;

/// <summary>
/// The non-root user a RUN runs as: the last <c>USER</c> before it in the stage, else in the stage it is built
/// FROM, else the default user of a known base image (<c>mambaorg/micromamba</c> runs as <c>mambauser</c>,
/// 57439:57439). A cache mount is created owned by root, so a non-root tool can only use one whose owner is given.
/// </summary>
internal sealed record StageUser(string Name, int? Uid, int? Gid, string Home)
{
    private static readonly StageUser Mamba = new("mambauser", 57439, 57439, "/home/mambauser");

    /// <summary>The non-root user <paramref name="instruction"/> runs as in <paramref name="stage"/>, or null for root.</summary>
    public static StageUser? At(BuildStage stage, Instruction? instruction, IReadOnlyList<BuildStage> stages)
    {
        var seen = new HashSet<int>();
        for (var current = stage; current is not null && seen.Add(current.Index);)
        {
            var before = instruction is not null && ReferenceEquals(current, stage)
                ? current.Instructions.TakeWhile(i => !ReferenceEquals(i, instruction))
                : current.Instructions;
            if (before.LastOrDefault(i => i.Command == "USER")?.Arguments.FirstOrDefault() is { } user)
                return Parse(user);
            var parent = stages.FirstOrDefault(s => s.Index < current.Index && s.Name is not null && s.Name.Equals(current.BaseImage, StringComparison.OrdinalIgnoreCase));
            if (parent is null)
                return IsMicromamba(current.BaseImage) ? Mamba : null;
            current = parent;
        }
        return null;
    }

    private static StageUser? Parse(string user)
    {
        var parts = user.Split(':', 2);
        var name = parts[0];
        if (name is "root" or "0")
            return null;
        if (name.Contains("MAMBA_USER", StringComparison.Ordinal))
            return Mamba;
        var uid = int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var u) ? u : (int?)null;
        var gid = parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var g) ? g : uid;
        return new StageUser(name, uid, gid, uid is null ? "/home/" + name : "");
    }

    private static bool IsMicromamba(string image) =>
        image.Split('@')[0].Split(':')[0].EndsWith("mambaorg/micromamba", StringComparison.OrdinalIgnoreCase);
}
