using System.Text;
using System.Text.Json;

namespace Yunbao.Edge.IotHub;

/// <summary>A message the cloud or edgeHub sent to this client (C2D for devices, an input for modules).</summary>
public sealed record ReceivedMessage(string Topic, ReadOnlyMemory<byte> Body, IReadOnlyDictionary<string, string> Properties, string? InputName)
{
    public string BodyAsString() => Encoding.UTF8.GetString(Body.Span);

    public T? BodyAs<T>(JsonSerializerOptions? options = null) => JsonSerializer.Deserialize<T>(Body.Span, options ?? IotHubJson.Default);
}
