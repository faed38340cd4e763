namespace Pipeline.Build;

/// <summary>
/// Shell completion from the same targets and parameters the schema (<c>.nuke/build.schema.json</c>) is written from:
/// <c>./build.sh --complete WORDS...</c> prints the candidates for the last word; <c>--completion bash|zsh</c> prints
/// the script a shell sources once.
/// </summary>
internal static class Completion
{
    public static IEnumerable<string> Candidates(IReadOnlyList<ExecutableTarget> targets, IReadOnlyList<ParameterDescriptor> parameters, IReadOnlyList<string> words)
    {
        var current = words.Count == 0 ? "" : words[^1];
        var previous = words.Count < 2 ? null : words[^2];
        var options = parameters.Select(p => p.CommandLineName).Concat(HelpWriter.BuiltIns.Select(b => b.Name)).Distinct();
        IEnumerable<string> all;
        if (current.StartsWith('-'))
        {
            all = options;
        }
        else if (previous is not null && previous.StartsWith("--", StringComparison.Ordinal)
                 && parameters.FirstOrDefault(p => TargetNames.Matches(p.Name, previous[2..])) is { } parameter)
        {
            var type = Nullable.GetUnderlyingType(parameter.Type) ?? parameter.Type;
            all = type.IsEnum ? Enum.GetNames(type) : type == typeof(bool) ? ["true", "false", .. TargetNamesOf(targets)] : [];
        }
        else if (previous is "--verbosity")
        {
            all = Enum.GetNames<Verbosity>();
        }
        else
        {
            all = TargetNamesOf(targets);
        }
        return all.Where(c => c.StartsWith(current, StringComparison.OrdinalIgnoreCase));
    }

    private static IEnumerable<string> TargetNamesOf(IReadOnlyList<ExecutableTarget> targets) =>
        targets.Where(t => !t.Definition.IsUnlisted).Select(t => t.Name);

    public static string Script(string shell) => shell switch
    {
        "bash" => """
            # Pipeline build completion for bash: source <(./build.sh --completion bash)
            _pipeline_build() {
              local IFS=$'\n'
              COMPREPLY=($("${COMP_WORDS[0]}" --complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
            }
            complete -o default -F _pipeline_build build.sh ./build.sh build.ps1 ./build.ps1

            """,
        "zsh" => """
            # Pipeline build completion for zsh: source <(./build.sh --completion zsh)
            _pipeline_build() {
              local -a candidates
              candidates=("${(@f)$(${words[1]} --complete "${(@)words[2,CURRENT]}" 2>/dev/null)}")
              compadd -a candidates
            }
            compdef _pipeline_build build.sh ./build.sh

            """,
        _ => throw new BuildDefinitionException($"--completion: '{shell}' is not a shell this build completes for (bash, zsh)"),
    };
}
