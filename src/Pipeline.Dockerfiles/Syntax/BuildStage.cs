namespace Pipeline.Dockerfiles.Syntax;

/// <summary>A build stage: a FROM and the instructions up to the next FROM.</summary>
/// <param name="Index">0-based stage index (what <c>COPY --from=0</c> refers to).</param>
/// <param name="Name">The <c>AS name</c>, or null.</param>
/// <param name="BaseImage">The image or stage the stage starts from.</param>
/// <param name="From">The FROM instruction.</param>
/// <param name="Instructions">The stage's instructions after FROM.</param>
public sealed record BuildStage(int Index, string? Name, string BaseImage, Instruction From, IReadOnlyList<Instruction> Instructions)
{
    /// <summary>A label for reports: the stage name, or <c>#index</c>.</summary>
    public string Label => Name ?? $"#{Index}";

    internal static IReadOnlyList<BuildStage> Split(IReadOnlyList<Instruction> instructions)
    {
        var stages = new List<BuildStage>();
        Instruction? from = null;
        var body = new List<Instruction>();
        foreach (var instruction in instructions)
        {
            if (instruction.Command == "FROM")
            {
                if (from is not null)
                    stages.Add(Create(stages.Count, from, body));
                from = instruction;
                body = [];
            }
            else if (from is not null)
            {
                body.Add(instruction);
            }
        }
        if (from is not null)
            stages.Add(Create(stages.Count, from, body));
        return stages;
    }

    private static BuildStage Create(int index, Instruction from, List<Instruction> body)
    {
        var args = from.Arguments;
        var name = args.Count >= 3 && args[^2].Equals("AS", StringComparison.OrdinalIgnoreCase) ? args[^1] : null;
        return new BuildStage(index, name, args.Count > 0 ? args[0] : "", from, body);
    }
}
