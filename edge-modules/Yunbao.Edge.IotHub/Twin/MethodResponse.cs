using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Yunbao.Edge.IotHub;

/// <summary>A direct method's answer: an HTTP-style status and a JSON payload.</summary>
public sealed record MethodResponse(int Status, string? Json = null)
{
    public static MethodResponse Ok<T>(T result, JsonSerializerOptions? options = null) =>
        new(200, JsonSerializer.Serialize(result, options ?? IotHubJson.Default));

    public static MethodResponse Ok() => new(200, "{}");

    public static MethodResponse Error(int status, string message) =>
        new(status, JsonSerializer.Serialize(new { message }));
}
