namespace Pipeline.Dockerfiles.Syntax;

/// <summary>A here-document attached to RUN, COPY or ADD (<c>&lt;&lt;EOF</c> ... <c>EOF</c>).</summary>
/// <param name="Name">The terminator word with quotes removed.</param>
/// <param name="Expand">False when the delimiter was quoted (<c>&lt;&lt;'EOF'</c>): the body is taken literally.</param>
/// <param name="Chomp">True for <c>&lt;&lt;-</c>: leading tabs are stripped from the terminator line.</param>
/// <param name="FileDescriptor">The file descriptor before <c>&lt;&lt;</c> (0 when absent).</param>
/// <param name="Content">The body lines with their terminators, excluding the terminator line.</param>
/// <param name="ContentOffset">Offset of the body's first character within the instruction's raw text.</param>
/// <param name="FirstLine">1-based line number of the body's first line.</param>
public sealed record Heredoc(string Name, bool Expand, bool Chomp, int FileDescriptor, string Content, int ContentOffset, int FirstLine);
