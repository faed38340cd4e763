using System.Reflection;

namespace Pipeline.Build;

/// <summary>A declared parameter: where it lives on the build, its type, and how to describe it.</summary>
public sealed class ParameterDescriptor
{
    private readonly MemberInfo _member;

    internal ParameterDescriptor(MemberInfo member, ParameterAttribute attribute)
    {
        _member = member;
        Name = attribute.Name ?? member.Name;
        Description = attribute.Description;
        IsSecret = member.GetCustomAttribute<SecretAttribute>() is not null;
        Type = member switch
        {
            FieldInfo f => f.FieldType,
            PropertyInfo p => p.PropertyType,
            _ => throw new ArgumentException("Parameters are fields or properties", nameof(member)),
        };
    }

    /// <summary>The parameter name (member name unless overridden).</summary>
    public string Name { get; }

    /// <summary>The <c>--kebab-case</c> form used in help.</summary>
    public string CommandLineName => CommandLineNameOf(Name);

    /// <summary>The <c>--kebab-case</c> form of a parameter name: <c>StopGraceSeconds</c> → <c>--stop-grace-seconds</c>.</summary>
    public static string CommandLineNameOf(string name) => "--" + string.Concat(name.Select((c, i) =>
        char.IsUpper(c) && i > 0 && !char.IsUpper(name[i - 1]) ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>Help text.</summary>
    public string? Description { get; }

    /// <summary>The member type.</summary>
    public Type Type { get; }

    /// <summary>Whether the value must never be logged.</summary>
    public bool IsSecret { get; }

    /// <summary>Reads the current value.</summary>
    public object? GetValue(object build) => _member switch
    {
        FieldInfo f => f.GetValue(build),
        PropertyInfo p => p.GetValue(build),
        _ => null,
    };

    internal void SetValue(object build, object? value)
    {
        switch (_member)
        {
            case FieldInfo f: f.SetValue(build, value); break;
            case PropertyInfo { DeclaringType.IsInterface: true } p:
                // A component's parameter: its getter reads the value back through IPipelineBuild.ParameterValue.
                ((PipelineBuild)build).InjectedValues[ParameterKey.Of(p)] = value;
                break;
            case PropertyInfo { CanWrite: true } p: p.SetValue(build, value); break;
            case PropertyInfo p:
                // Get-only auto properties: write the compiler's backing field, as NUKE does.
                var backing = p.DeclaringType!.GetField($"<{p.Name}>k__BackingField", BindingFlags.Instance | BindingFlags.NonPublic)
                    ?? throw new BuildDefinitionException($"Parameter '{Name}' is a property without a setter or backing field");
                backing.SetValue(build, value);
                break;
        }
    }

    /// <summary>
    /// Finds the <see cref="ParameterAttribute"/> members of a build type, its base types (base first) and the
    /// interfaces it implements (components: properties whose getter calls <see cref="IPipelineBuild.ParameterValue{T}"/>).
    /// </summary>
    internal static IReadOnlyList<ParameterDescriptor> Discover(Type buildType)
    {
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        var result = new List<ParameterDescriptor>();
        var hierarchy = new List<Type>();
        for (var t = buildType; t is not null && t != typeof(object); t = t.BaseType) hierarchy.Insert(0, t);
        var members = hierarchy.Concat(buildType.GetInterfaces().OrderBy(i => i.FullName, StringComparer.Ordinal))
            .SelectMany(type => type.GetMembers(flags).Where(m => m is FieldInfo or PropertyInfo).OrderBy(m => m.MetadataToken));
        foreach (var member in members)
        {
            var attribute = member.GetCustomAttribute<ParameterAttribute>();
            if (attribute is null) continue;
            var descriptor = new ParameterDescriptor(member, attribute);
            if (result.FirstOrDefault(d => TargetNames.Matches(d.Name, descriptor.Name)) is { } existing)
                throw new BuildDefinitionException(
                    $"Parameter '{descriptor.Name}' is declared twice: by {existing._member.DeclaringType?.Name} and by {member.DeclaringType?.Name}. Rename one of them.");
            result.Add(descriptor);
        }
        return result;
    }
}
