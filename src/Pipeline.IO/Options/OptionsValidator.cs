using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;

namespace Pipeline.IO.Options;

/// <summary>
/// The one validator of every <c>*Options</c> type, as Polly v8 validates its strategy options: each property declares
/// its default (the initialiser) and its valid range (a <see cref="ValidationAttribute"/> such as
/// <see cref="RangeAttribute"/>, <see cref="RequiredAttribute"/> or <see cref="HttpUrlAttribute"/>) once, and this
/// reads them. Nested options marked <see cref="ValidateMembersAttribute"/> are checked too; rules that span several
/// properties come from <see cref="IValidatableObject"/>.
/// </summary>
public static class OptionsValidator
{
    /// <summary>
    /// Every problem of <paramref name="options"/>, one line each, such as
    /// <c>StopOptions.GracePeriod -1 s: expected 0 s to 1 h</c>; empty when the options are usable.
    /// </summary>
    public static IReadOnlyList<string> Problems(object options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        Collect(options, options.GetType().Name + ".", problems);
        return problems;
    }

    /// <summary>Returns <paramref name="options"/> when valid; otherwise throws one line naming the first problem and how many more there are.</summary>
    /// <exception cref="OptionsValidationException">An option is outside its declared range.</exception>
    public static T Validate<T>(T options) where T : class
    {
        var problems = Problems(options);
        return problems.Count == 0 ? options : throw new OptionsValidationException(problems);
    }

    private static void Collect(object options, string prefix, List<string> problems)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetMethod is null) continue;
            var attributes = property.GetCustomAttributes<ValidationAttribute>(inherit: true).ToList();
            var nested = property.GetCustomAttribute<ValidateMembersAttribute>() is not null;
            if (attributes.Count == 0 && !nested) continue;
            var value = property.GetValue(options);
            foreach (var attribute in attributes)
            {
                if (attribute.IsValid(value)) continue;
                problems.Add($"{prefix}{property.Name} {Show(value)}: expected {Expectation(attribute)}");
            }
            if (nested && value is not null) Collect(value, $"{prefix}{property.Name}.", problems);
        }
        if (options is IValidatableObject validatable)
        {
            foreach (var result in validatable.Validate(new ValidationContext(options)))
            {
                var member = result.MemberNames.FirstOrDefault();
                problems.Add(member is null ? $"{prefix.TrimEnd('.')}: {result.ErrorMessage}" : $"{prefix}{member} {result.ErrorMessage}");
            }
        }
    }

    private static string Expectation(ValidationAttribute attribute) => attribute switch
    {
        RangeAttribute range => RangeText(range),
        RequiredAttribute => "a value",
        MinLengthAttribute min => $"at least {min.Length} item(s)",
        RegularExpressionAttribute regex => regex.ErrorMessage ?? $"text matching {regex.Pattern}",
        _ => attribute.ErrorMessage ?? attribute.FormatErrorMessage("value"),
    };

    private static string RangeText(RangeAttribute range)
    {
        // RangeAttribute turns string bounds into its operand type once it has validated a value.
        string Bound(object bound) => bound switch
        {
            TimeSpan t => FormatDuration(t),
            string s when range.OperandType == typeof(TimeSpan) => FormatDuration(TimeSpan.Parse(s, CultureInfo.InvariantCulture)),
            _ => Convert.ToString(bound, CultureInfo.InvariantCulture) ?? "",
        };
        var maximum = range.Maximum switch
        {
            int.MaxValue or long.MaxValue or double.MaxValue => null,
            _ => Bound(range.Maximum),
        };
        var minimum = Bound(range.Minimum);
        var high = range.MaximumIsExclusive ? $"below {maximum}" : $"at most {maximum}";
        return (maximum, range.MinimumIsExclusive) switch
        {
            (null, true) => $"above {minimum}",
            (null, false) => $"{minimum} or more",
            (_, true) => $"above {minimum} and {high}",
            _ when range.MaximumIsExclusive => $"{minimum} or more and {high}",
            _ => $"{minimum} to {maximum}",
        };
    }

    /// <summary>How a value is shown in a problem line: durations in units, text quoted, lists joined.</summary>
    public static string Show(object? value) => value switch
    {
        null => "(none)",
        string s => $"'{s}'",
        TimeSpan t => FormatDuration(t),
        double d => d.ToString("0.###", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => $"[{string.Join(", ", items.Cast<object?>().Select(Show))}]",
        _ => value.ToString() ?? "",
    };

    /// <summary>A duration as people write it: <c>500 ms</c>, <c>20 s</c>, <c>15 min</c>, <c>2 h</c>.</summary>
    public static string FormatDuration(TimeSpan t)
    {
        var c = CultureInfo.InvariantCulture;
        if (t == TimeSpan.Zero) return "0 s";
        if (t.Ticks % TimeSpan.TicksPerDay == 0) return string.Create(c, $"{t.TotalDays:0} d");
        if (t.Ticks % TimeSpan.TicksPerHour == 0) return string.Create(c, $"{t.TotalHours:0} h");
        if (t.Ticks % TimeSpan.TicksPerMinute == 0) return string.Create(c, $"{t.TotalMinutes:0} min");
        if (t.Ticks % TimeSpan.TicksPerSecond == 0) return string.Create(c, $"{t.TotalSeconds:0} s");
        return string.Create(c, $"{t.TotalMilliseconds:0.###} ms");
    }
}

/// <summary>Options that are outside their declared ranges; the message is one line (the first problem, then how many more).</summary>
public sealed class OptionsValidationException(IReadOnlyList<string> problems)
    : ArgumentException(problems.Count == 0 ? "invalid options" : problems[0] + (problems.Count > 1 ? $" (and {problems.Count - 1} more: {string.Join("; ", problems.Skip(1))})" : ""))
{
    /// <summary>Every problem, one line each.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>The property holds options of its own (e.g. a retry policy), checked with their declared ranges too.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ValidateMembersAttribute : Attribute;
