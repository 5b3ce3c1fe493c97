namespace Yunbao.Application;

/// <summary>Thrown for input that can never succeed (missing frame, unparseable metadata): the message goes to poison with this reason.</summary>
public sealed class UnprocessableInputException(string reason) : Exception(reason);
