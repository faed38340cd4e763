using System.Globalization;
using System.Text.Json;

namespace Pipeline.Build;

/// <summary>Converts raw values into the parameter's type: string, bool, numbers, enums, arrays and paths.</summary>
internal static class ParameterValueConverter
{
    private static readonly char[] ListSeparators = [',', ' ', '\t', '\n'];

    public static object? Convert(RawValue raw, Type type, AbsolutePath root, string name)
    {
        var elementType = type.IsArray ? type.GetElementType()! : null;
        var items = Items(raw, elementType is not null);
        try
        {
            if (elementType is not null)
            {
                var array = Array.CreateInstance(elementType, items.Count);
                for (var i = 0; i < items.Count; i++) array.SetValue(ConvertScalar(items[i], elementType, root), i);
                return array;
            }

            var target = Nullable.GetUnderlyingType(type) ?? type;
            if (items.Count == 0)
            {
                if (target == typeof(bool)) return true; // a switch without a value
                throw new FormatException("expected a value");
            }
            if (items.Count > 1)
                throw new FormatException($"expected one value but got {items.Count}: {string.Join(" ", items)}");
            return ConvertScalar(items[0], target, root);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new BuildDefinitionException($"Parameter '{name}' from {raw.Source}: {e.Message}", e);
        }
    }

    private static List<string> Items(RawValue raw, bool isArray)
    {
        if (raw.Tokens is not null)
            return isArray
                ? raw.Tokens.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList()
                : raw.Tokens.ToList();
        if (raw.Text is not null)
            return isArray ? raw.Text.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries).ToList() : [raw.Text];
        var json = raw.Json!.Value;
        return json.ValueKind switch
        {
            JsonValueKind.Array => json.EnumerateArray().Select(JsonText).ToList(),
            JsonValueKind.Null => [],
            _ when isArray => JsonText(json).Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries).ToList(),
            _ => [JsonText(json)],
        };
    }

    private static string JsonText(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => e.GetRawText(),
    };

    private static object ConvertScalar(string text, Type type, AbsolutePath root)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return text;
        if (type == typeof(AbsolutePath)) return AbsolutePath.Resolve(text, root);
        if (type == typeof(bool))
            return text.ToLowerInvariant() switch
            {
                "true" or "1" or "yes" or "on" => true,
                "false" or "0" or "no" or "off" => false,
                _ => throw new FormatException($"'{text}' is not a boolean (true/false)"),
            };
        if (type.IsEnum)
        {
            var match = Enum.GetNames(type).FirstOrDefault(n => TargetNames.Matches(n, text));
            return match is not null
                ? Enum.Parse(type, match)
                : throw new FormatException($"'{text}' is not one of {string.Join(", ", Enum.GetNames(type))}");
        }
        if (type == typeof(int)) return Parse(text, int.Parse, "a whole number");
        if (type == typeof(long)) return Parse(text, long.Parse, "a whole number");
        if (type == typeof(double)) return Parse(text, double.Parse, "a number");
        if (type == typeof(decimal)) return Parse(text, decimal.Parse, "a number");
        if (type == typeof(TimeSpan)) return Parse(text, (s, c) => TimeSpan.Parse(s, c), "a duration (hh:mm:ss)");
        throw new ArgumentException($"parameters of type {type.Name} are not supported");
    }

    private static T Parse<T>(string text, Func<string, IFormatProvider, T> parse, string what)
    {
        try { return parse(text, CultureInfo.InvariantCulture); }
        catch (FormatException) { throw new FormatException($"'{text}' is not {what}"); }
    }
}
