using CsCheck;

namespace Pipeline.Testing;

/// <summary>
/// Bad input made from good input, for property tests of every reader (Dockerfiles, compose, TOML, locks, .dockerignore):
/// characters deleted, doubled and swapped, control and Latin-1 garbage inserted, huge lines, truncation. The mutations
/// keep most of a valid file, so a reader gets deep into it before it meets the damage, where random bytes alone would
/// stop at the first character.
/// </summary>
public static class TextMutations
{
    /// <summary>1 to 24 characters from U+0000..U+00FF: control characters, NUL, quotes, brackets and Latin-1.</summary>
    public static readonly Gen<string> Garbage = Gen.Char[(char)0, (char)255].Array[1, 24].Select(c => new string(c));

    /// <summary>Arbitrary bytes read the way the readers read files (UTF-8, invalid sequences replaced).</summary>
    public static readonly Gen<string> BinaryFile = Gen.Byte.Array[0, 2048].Select(b => System.Text.Encoding.UTF8.GetString(b));

    /// <summary>
    /// One change to a text: delete, double or swap characters, insert garbage, cut the text short, or insert a huge
    /// line that starts with one of <paramref name="lineHeads"/> (something the reader takes seriously).
    /// </summary>
    public static Gen<Func<string, string>> Mutation(params string[] lineHeads) => Gen.OneOf<Func<string, string>>(
        Gen.Int[0, int.MaxValue].Select<int, Func<string, string>>(at => text => text.Length == 0 ? text : text.Remove(at % text.Length, 1)),
        Gen.Int[0, int.MaxValue].Select<int, Func<string, string>>(at => text => text.Length == 0 ? text : text.Insert(at % text.Length, text[at % text.Length].ToString())),
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], (a, b) => (Func<string, string>)(text =>
        {
            if (text.Length == 0) return text;
            var chars = text.ToCharArray();
            (chars[a % chars.Length], chars[b % chars.Length]) = (chars[b % chars.Length], chars[a % chars.Length]);
            return new string(chars);
        })),
        Gen.Select(Gen.Int[0, int.MaxValue], Garbage, (at, junk) => (Func<string, string>)(text => text.Insert(text.Length == 0 ? 0 : at % text.Length, junk))),
        Gen.Int[0, int.MaxValue].Select<int, Func<string, string>>(at => text => text.Length == 0 ? text : text[..(at % text.Length)]),
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.OneOf(lineHeads.Length == 0 ? ["x"] : lineHeads), Gen.Int[20_000, 200_000],
            (at, head, size) => (Func<string, string>)(text =>
            {
                var lineStart = text.Length == 0 ? 0 : text.LastIndexOf('\n', at % text.Length) + 1;
                return text.Insert(lineStart, head + new string('a', size) + "\n");
            })));

    /// <summary>A text from <paramref name="valid"/> changed by one to three <see cref="Mutation"/>s.</summary>
    public static Gen<string> Mutated(Gen<string> valid, params string[] lineHeads) =>
        Gen.Select(valid, Mutation(lineHeads).Array[1, 3], (text, mutations) => mutations.Aggregate(text, (t, m) => m(t)));
}
