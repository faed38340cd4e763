namespace Pipeline.Dockerfiles.Shell;

/// <summary>
/// One shell word: <see cref="Value"/> with quotes and escapes removed (parameter expansions such as
/// <c>$VAR</c> are kept literally), and where it sits in the parsed script text.
/// </summary>
/// <param name="Value">The word after quote removal.</param>
/// <param name="Start">Index of the word's first character in the script text (-1 when it has no source, as in exec form).</param>
/// <param name="End">Index just after the word's last character.</param>
/// <param name="IsQuoted">True when any part of the word was quoted or escaped.</param>
public sealed record ShellWord(string Value, int Start, int End, bool IsQuoted);
