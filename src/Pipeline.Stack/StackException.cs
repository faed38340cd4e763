namespace Pipeline.Stack;

/// <summary>A problem with how the stack is described (unknown service, bad <c>x-pipeline</c> value); one line for the user.</summary>
public sealed class StackException(string message, Exception? inner = null) : Exception(message, inner);
