namespace Yunbao.Domain.Pipeline;

// Stays in the domain under its old namespace for now: the frame-metadata and Event Grid codecs throw it, and
// they are being moved into Yunbao.Contracts in parallel; that move is the place to re-home this type too.

/// <summary>Thrown for input that can never succeed (missing frame, unparseable metadata): the message goes to poison with this reason.</summary>
public sealed class UnprocessableInputException(string reason) : Exception(reason);
