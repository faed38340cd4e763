namespace Pipeline.Build;

/// <summary>
/// A target, declared as a property of a build: <c>Target Compile => _ => _.DependsOn(Restore).Executes(...)</c>.
/// The property name is the target name. Mirrors NUKE's <c>Target</c> delegate.
/// </summary>
/// <param name="definition">The fluent definition to configure.</param>
/// <returns>The configured definition.</returns>
public delegate ITargetDefinition Target(ITargetDefinition definition);
