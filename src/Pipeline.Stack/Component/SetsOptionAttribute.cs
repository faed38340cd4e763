using System.Reflection;
using Pipeline.Build;

namespace Pipeline.Stack.Component;

/// <summary>
/// Says which option a component parameter sets (<c>"StopOptions.GracePeriod"</c>, nested as
/// <c>"BuildParallelOptions.Retry.MaxAttempts"</c>), so a value outside the option's declared range is reported with
/// the parameter the user typed: <c>StopOptions.GracePeriod -1 s: expected 0 s to 1 h (set by --stop-grace-seconds)</c>.
/// </summary>
/// <param name="option">The option's path as <see cref="Pipeline.IO.Options.OptionsValidator"/> names it: type, then properties.</param>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true)]
public sealed class SetsOptionAttribute(string option) : Attribute
{
    /// <summary>The option's path, e.g. <c>StopOptions.GracePeriod</c>.</summary>
    public string Option { get; } = option;

    /// <summary><paramref name="problem"/> with the parameter that set the option it names, when one of <paramref name="component"/>'s does.</summary>
    public static string WithParameter(Type component, string problem)
    {
        var parameter = component.GetInterfaces().Append(component)
            .SelectMany(t => t.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .SelectMany(p => p.GetCustomAttributes<SetsOptionAttribute>().Select(a => (a.Option, Property: p)))
            .FirstOrDefault(p => problem.StartsWith(p.Option + " ", StringComparison.Ordinal)).Property;
        var name = parameter?.GetCustomAttribute<ParameterAttribute>() is { } attribute ? attribute.Name ?? parameter.Name : null;
        return name is null ? problem : $"{problem} (set by {ParameterDescriptor.CommandLineNameOf(name)})";
    }
}
