using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Yunbao.Edge.IotHub;

/// <summary>A direct method call.</summary>
public sealed record MethodRequest(string Name, string RequestId, ReadOnlyMemory<byte> Payload)
{
    public string PayloadAsString() => Encoding.UTF8.GetString(Payload.Span);

    public T? PayloadAs<T>(JsonSerializerOptions? options = null) =>
        Payload.IsEmpty ? default : JsonSerializer.Deserialize<T>(Payload.Span, options ?? IotHubJson.Default);
}
