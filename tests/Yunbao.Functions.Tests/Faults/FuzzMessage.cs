namespace Yunbao.Functions.Tests;

/// <summary>A generated queue message as the runtime delivers it; <see cref="NotJson"/>: not even a JSON document, so it must be parked.</summary>
public sealed record FuzzMessage(string Message, bool NotJson)
{
    public override string ToString() => (NotJson ? "[not JSON] " : "") + (Message.Length <= 2_000 ? Message : Message[..2_000] + $"…({Message.Length} chars)");
}
