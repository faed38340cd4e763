using System.Reflection;

namespace Pipeline.Build;

/// <summary>
/// Finds the targets of a build by reflection: <see cref="Target"/> properties of the class and its base
/// classes (public or not), and default members of the interfaces it implements (components). A class member that
/// implements a component's target (publicly or explicitly) replaces it and keeps its place and name.
/// </summary>
internal static class TargetDiscovery
{
    private const BindingFlags InstanceMembers =
        BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    /// <summary>Discovers targets, evaluates their definitions and resolves their relations.</summary>
    public static IReadOnlyList<ExecutableTarget> Discover(PipelineBuild build)
    {
        var targets = new List<ExecutableTarget>();
        var byFactory = new Dictionary<Target, ExecutableTarget>();

        foreach (var (property, declaredBy) in TargetProperties(build.GetType()))
        {
            // An explicit implementation overriding a component's target (Target IStack.Verify => ...) is named
            // "Namespace.IStack.Verify" in metadata; the target keeps the component's name.
            var name = property.Name[(property.Name.LastIndexOf('.') + 1)..];
            // Same comparison as the command line's (case, '-' and '_' ignored): two names it cannot tell apart
            // would make one of the targets unreachable.
            var existing = targets.FirstOrDefault(t => TargetNames.Matches(t.Name, name));
            if (existing is not null)
                throw new BuildDefinitionException(existing.Name == name
                    ? $"Target '{name}' is declared twice: by {existing.DeclaredBy} and by {declaredBy.Name}. Rename one of them."
                    : $"Targets '{existing.Name}' (by {existing.DeclaredBy}) and '{name}' (by {declaredBy.Name}) have the same name when case, '-' and '_' are ignored. Rename one of them.");

            var factory = (Target?)property.GetValue(build)
                ?? throw new BuildDefinitionException($"Target '{name}' returned null");
            var definition = new TargetDefinition(build);
            factory(definition);
            var target = new ExecutableTarget(name, targets.Count, declaredBy.Name, definition);
            targets.Add(target);
            byFactory[factory] = target;
        }

        Resolve(targets, byFactory);
        return targets;
    }

    /// <summary>Class properties base-first in metadata order, then interface default members.</summary>
    private static IEnumerable<(PropertyInfo Property, Type DeclaredBy)> TargetProperties(Type buildType)
    {
        var hierarchy = new List<Type>();
        for (var t = buildType; t is not null && t != typeof(object); t = t.BaseType)
            hierarchy.Insert(0, t);

        var implementedByClass = new HashSet<MethodInfo>();
        foreach (var type in hierarchy)
        {
            foreach (var property in type.GetProperties(InstanceMembers).Where(IsTarget).OrderBy(p => p.MetadataToken))
            {
                // An override redeclares the same target: keep the first (base) declaration's slot.
                var getter = property.GetMethod!;
                if (getter.IsVirtual && getter.GetBaseDefinition() != getter) continue;
                yield return (property, type);
            }
        }

        foreach (var iface in buildType.GetInterfaces())
        {
            var map = buildType.GetInterfaceMap(iface);
            for (var i = 0; i < map.InterfaceMethods.Length; i++)
                if (map.TargetMethods[i].DeclaringType is { IsInterface: false })
                    implementedByClass.Add(map.InterfaceMethods[i]);
        }

        foreach (var iface in buildType.GetInterfaces())
        {
            foreach (var property in iface.GetProperties(InstanceMembers).Where(IsTarget).OrderBy(p => p.MetadataToken))
            {
                var getter = property.GetMethod!;
                if (getter.IsAbstract || implementedByClass.Contains(getter)) continue;
                yield return (property, iface);
            }
        }
    }

    private static bool IsTarget(PropertyInfo p) => p.PropertyType == typeof(Target) && p.GetMethod is not null && p.GetIndexParameters().Length == 0;

    private static void Resolve(List<ExecutableTarget> targets, Dictionary<Target, ExecutableTarget> byFactory)
    {
        ExecutableTarget Find(ExecutableTarget owner, Target reference, string relation) =>
            byFactory.TryGetValue(reference, out var found)
                ? found
                : throw new BuildDefinitionException(
                    $"Target '{owner.Name}' has {relation} a target that is not part of this build ({reference.Method.DeclaringType?.Name}). Is its component interface implemented?");

        var dependencies = targets.ToDictionary(t => t, _ => new List<ExecutableTarget>());
        var after = targets.ToDictionary(t => t, _ => new List<ExecutableTarget>());
        var triggers = targets.ToDictionary(t => t, _ => new List<ExecutableTarget>());

        foreach (var target in targets)
        {
            var d = target.Definition;
            foreach (var r in d.DependsOnTargets) dependencies[target].Add(Find(target, r, "DependsOn"));
            foreach (var r in d.DependentForTargets) dependencies[Find(target, r, "DependentFor")].Add(target);
            foreach (var r in d.AfterTargets) after[target].Add(Find(target, r, "After"));
            foreach (var r in d.BeforeTargets) after[Find(target, r, "Before")].Add(target);
            foreach (var r in d.TriggersTargets) triggers[target].Add(Find(target, r, "Triggers"));
            foreach (var r in d.TriggeredByTargets) triggers[Find(target, r, "TriggeredBy")].Add(target);
        }

        foreach (var target in targets)
        {
            if (dependencies[target].Contains(target) || after[target].Contains(target) || triggers[target].Contains(target))
                throw new BuildDefinitionException($"Target '{target.Name}' refers to itself");
            target.Dependencies = dependencies[target].Distinct().ToList();
            target.OrderedAfter = after[target].Distinct().ToList();
            target.Triggered = triggers[target].Distinct().ToList();
        }
    }
}
