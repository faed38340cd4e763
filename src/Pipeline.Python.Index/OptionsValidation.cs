using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Pipeline.Python.Index;

/// <summary>
/// Checks an options object against the <see cref="RangeAttribute"/>s on its properties, as Polly's options do:
/// each default and valid range is written once, on the property, and the messages come from there.
/// </summary>
internal static class OptionsValidation
{
    public static IReadOnlyList<string> Problems(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? "invalid value").ToList();
    }

    /// <summary>Message template for <c>RangeAttribute.ErrorMessage</c>: name, minimum, maximum.</summary>
    public const string RangeMessage = "{0}: expected a value from {1} to {2}";

    public static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
