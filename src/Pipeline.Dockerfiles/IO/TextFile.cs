using System.Text;

namespace Pipeline.Dockerfiles.IO;

/// <summary>
/// Reads and encodes text files so that an unedited file comes back byte for byte: strict UTF-8
/// (a byte-order mark stays in the text as U+FEFF), no newline translation.
/// </summary>
internal static class TextFile
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads <paramref name="path"/> as UTF-8.</summary>
    /// <exception cref="InvalidDataException">The file is not valid UTF-8.</exception>
    public static async Task<string> ReadAsync(string path, CancellationToken ct)
    {
        var bytes = await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
        try
        {
            return Strict.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"{path}:1: not valid UTF-8 text (byte offset {e.Index})", e);
        }
    }

    /// <summary>The bytes of <paramref name="text"/> as written back (BOM kept if the text has one).</summary>
    public static byte[] Encode(string text) => Strict.GetBytes(text);
}
