using Pipeline.Dockerfiles.Shell;
using Pipeline.Dockerfiles.Syntax;

namespace Pipeline.Dockerfiles.Pip;

/// <summary>A requirements/constraints file a pip install reads: its path in the image and where it may come from.</summary>
/// <param name="ImagePath">Absolute path inside the image (resolved against WORKDIR).</param>
/// <param name="ContextCandidates">Build-context paths that COPY may have put there, most likely first.</param>
/// <param name="IsConstraint">True for <c>-c</c>.</param>
internal sealed record RequirementFileRef(string ImagePath, IReadOnlyList<string> ContextCandidates, bool IsConstraint);

/// <summary>One <c>pip install</c> in a RUN instruction of a stage.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Script">The script (instruction line or heredoc body) that holds it.</param>
/// <param name="Invocation">The parsed pip command.</param>
/// <param name="Files">The <c>-r</c>/<c>-c</c> files it reads.</param>
internal sealed record PipSite(BuildStage Stage, RunScript Script, PipInvocation Invocation, IReadOnlyList<RequirementFileRef> Files)
{
    /// <summary>The RUN instruction.</summary>
    public Instruction Instruction => Script.Instruction;
}

/// <summary>A stage and its pip installs, in order.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Sites">The pip installs (empty when the stage runs no pip).</param>
internal sealed record StagePip(BuildStage Stage, IReadOnlyList<PipSite> Sites);

/// <summary>Finds the pip installs of every stage of a document (pure, no I/O).</summary>
internal static class PipStageAnalysis
{
    /// <summary>One entry per stage.</summary>
    public static IReadOnlyList<StagePip> Analyze(DockerfileDocument document)
    {
        var result = new List<StagePip>();
        foreach (var stage in document.Stages)
        {
            var paths = new ContainerPaths();
            var sites = new List<PipSite>();
            foreach (var instruction in stage.Instructions)
            {
                foreach (var script in RunScript.Of(instruction))
                {
                    foreach (var invocation in PipInvocationFinder.FindAll(script.Commands))
                    {
                        var files = invocation.Options
                            .Where(o => o.Name is "--requirement" or "--constraint" && o.Value is not null)
                            .Select(o => new RequirementFileRef(paths.Absolute(o.Value!), paths.ContextCandidates(o.Value!), o.Name == "--constraint"))
                            .ToList();
                        sites.Add(new PipSite(stage, script, invocation, files));
                    }
                }
                paths.Apply(instruction);
            }
            result.Add(new StagePip(stage, sites));
        }
        return result;
    }
}
