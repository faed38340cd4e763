using System.Globalization;
using System.Text;

namespace Pipeline.Dockerfiles.Syntax;

/// <summary>Go's <c>strconv.Quote</c>, needed to render BuildKit's golden <c>result</c> format exactly.</summary>
internal static class GoQuote
{
    /// <summary>Quotes <paramref name="value"/> with Go escapes; printable Unicode is kept as is.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': sb.Append("\\\""); continue;
                case '\\': sb.Append("\\\\"); continue;
                case '\a': sb.Append("\\a"); continue;
                case '\b': sb.Append("\\b"); continue;
                case '\f': sb.Append("\\f"); continue;
                case '\n': sb.Append("\\n"); continue;
                case '\r': sb.Append("\\r"); continue;
                case '\t': sb.Append("\\t"); continue;
                case '\v': sb.Append("\\v"); continue;
            }
            if (IsPrint(rune))
                sb.Append(rune.ToString());
            else if (rune.Value < 0x80)
                sb.Append("\\x").Append(rune.Value.ToString("x2", CultureInfo.InvariantCulture));
            else if (rune.Value < 0x10000)
                sb.Append("\\u").Append(rune.Value.ToString("x4", CultureInfo.InvariantCulture));
            else
                sb.Append("\\U").Append(rune.Value.ToString("x8", CultureInfo.InvariantCulture));
        }
        return sb.Append('"').ToString();
    }

    // Go's IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static bool IsPrint(Rune rune)
    {
        if (rune.Value == ' ')
            return true;
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator => false,
            _ => true,
        };
    }
}
