using Pipeline.Build;

/// <summary>
/// Pack: what another repository needs to adopt the stack component, as NuGet packages. <c>dotnet new install
/// artifacts/packages/Pipeline.Templates.*.nupkg</c>, then <c>dotnet new pipeline-build</c> in a repository with a
/// compose file, adds a build that references these packages (version: Directory.Build.props, the one place).
/// </summary>
partial class Build
{
    /// <summary>The libraries the stack component needs (found from their project references) and the template.</summary>
    static IReadOnlyList<AbsolutePath> PackedProjects =>
    [
        .. PackTasks.WithReferences([
            RootDirectory / "src" / "Pipeline.Build" / "Pipeline.Build.csproj",
            RootDirectory / "src" / "Pipeline.Stack" / "Pipeline.Stack.csproj",
        ]),
        RootDirectory / "templates" / "Pipeline.Templates.csproj",
    ];

    Target Pack => _ => _
        .Description("Packs Pipeline.Build, Pipeline.Stack and the libraries they use, and the `dotnet new pipeline-build` template, into artifacts/packages.")
        .After(Test)
        .Executes(async ct =>
        {
            var packages = await PackTasks.PackAsync(Solution, [.. PackedProjects], PackagesDirectory, Configuration.ToString(), ct: ct);
            ReportSummary("Packages", $"{packages.Count} in {PackagesDirectory}");
        });
}
