using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Pipeline.Build;

/// <summary>
/// What a component builds on, as NUKE's <c>INukeBuild</c>: an interface whose default members are targets and
/// parameters, which a build adopts by implementing it (<c>class Build : PipelineBuild, IMyComponent</c>).
/// Every <see cref="PipelineBuild"/> is one.
/// </summary>
/// <example>
/// A parameter declared on a component: interfaces hold no fields, so the engine keeps the injected value and the
/// property reads it back, with its default when the parameter was not given:
/// <code>
/// interface IGreeter : IPipelineBuild
/// {
///     [Parameter("Who to greet")] string Name => ParameterValue(() => Name, "world");
///     Target Greet => _ => _.Executes(() => PipelineBuild.Log.Information("Hello, {Name}", Name));
/// }
/// </code>
/// </example>
public interface IPipelineBuild
{
    /// <summary>
    /// The value given to <paramref name="parameter"/> (a <see cref="ParameterAttribute"/> property of a component, named
    /// by <c>() =&gt; Property</c>) from the command line, the environment or parameter files; else <paramref name="defaultValue"/>.
    /// </summary>
    T ParameterValue<T>(Expression<Func<T>> parameter, T defaultValue) =>
        ((PipelineBuild)this).InjectedValues.TryGetValue(ParameterKey.Of(parameter), out var value) ? (T)value! : defaultValue;

    /// <summary>
    /// One object per build for the calling member (interfaces hold no fields): made by <paramref name="create"/> on
    /// first use, the same afterwards; disposed when the build ends, after <see cref="PipelineBuild.OnBuildFinishedAsync"/>.
    /// </summary>
    T Shared<T>(Func<T> create, [CallerMemberName] string key = "") where T : class
    {
        var shared = ((PipelineBuild)this).SharedObjects;
        lock (shared)
        {
            if (shared.TryGetValue((typeof(T), key), out var existing)) return (T)existing;
            var made = create();
            shared[(typeof(T), key)] = made;
            return made;
        }
    }
}

/// <summary>Identifies a parameter member across <see cref="MemberInfo"/> instances (reflected types differ).</summary>
internal readonly record struct ParameterKey(Module Module, int MetadataToken)
{
    public static ParameterKey Of(MemberInfo member) => new(member.Module, member.MetadataToken);

    public static ParameterKey Of<T>(Expression<Func<T>> parameter)
    {
        var body = parameter.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : parameter.Body;
        return body is MemberExpression { Member: PropertyInfo property }
            ? Of(property)
            : throw new BuildDefinitionException($"ParameterValue expects the parameter property itself, as in () => Name; got {parameter}");
    }
}
