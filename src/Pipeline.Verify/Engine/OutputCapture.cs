using System.Text;

namespace Pipeline.Verify.Engine;

/// <summary>
/// Decodes one output stream incrementally (UTF-8 characters may be split across frames) and keeps at
/// most a fixed number of characters, so a chatty check cannot fill memory or the reports.
/// </summary>
internal sealed class OutputCapture(int maxChars)
{
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly StringBuilder _text = new();
    private bool _truncated;

    /// <summary>Adds raw bytes from the stream.</summary>
    public void Append(byte[] buffer, int count)
    {
        var chars = new char[Encoding.UTF8.GetMaxCharCount(count)];
        var decoded = _decoder.GetChars(buffer, 0, count, chars, 0, flush: false);
        var room = maxChars - _text.Length;
        if (decoded > room) _truncated = true;
        if (room > 0) _text.Append(chars, 0, Math.Min(decoded, room));
    }

    /// <summary>The captured text, with a marker when it was cut.</summary>
    public override string ToString() =>
        _truncated ? _text + $"\n… (output cut after {maxChars} characters)" : _text.ToString();
}
