using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Yunbao.Edge.IotHub;

/// <summary>The twin as <c>$iothub/twin/GET</c> returns it: desired and reported sections, each with its <c>$version</c>.</summary>
public sealed record TwinProperties(JsonObject Desired, JsonObject Reported)
{
    public long DesiredVersion => VersionOf(Desired);

    public long ReportedVersion => VersionOf(Reported);

    internal static long VersionOf(JsonObject section) =>
        section.TryGetPropertyValue("$version", out var v) && v is JsonValue value && value.TryGetValue<long>(out var version) ? version : 0;

    internal static TwinProperties Parse(ReadOnlySpan<byte> json)
    {
        var root = json.IsEmpty ? new JsonObject() : JsonNode.Parse(json) as JsonObject ?? new JsonObject();
        return new TwinProperties(
            root["desired"] as JsonObject ?? new JsonObject(),
            root["reported"] as JsonObject ?? new JsonObject());
    }
}

/// <summary>
/// Desired properties handed to the handler: a patch from <c>$iothub/twin/PATCH/properties/desired/?$version=</c>,
/// or (<see cref="IsFullDocument"/>) the whole desired section read after each connect, so changes made while the
/// client was offline are not missed. Versions only grow; an older or equal version is never delivered twice.
/// </summary>
public sealed record DesiredPropertiesUpdate(JsonObject Properties, long Version, bool IsFullDocument);

/// <summary>A direct method call.</summary>
public sealed record MethodRequest(string Name, string RequestId, ReadOnlyMemory<byte> Payload)
{
    public string PayloadAsString() => Encoding.UTF8.GetString(Payload.Span);

    public T? PayloadAs<T>(JsonSerializerOptions? options = null) =>
        Payload.IsEmpty ? default : JsonSerializer.Deserialize<T>(Payload.Span, options ?? new JsonSerializerOptions(JsonSerializerDefaults.Web));
}

/// <summary>A direct method's answer: an HTTP-style status and a JSON payload.</summary>
public sealed record MethodResponse(int Status, string? Json = null)
{
    public static MethodResponse Ok<T>(T result, JsonSerializerOptions? options = null) =>
        new(200, JsonSerializer.Serialize(result, options ?? new JsonSerializerOptions(JsonSerializerDefaults.Web)));

    public static MethodResponse Ok() => new(200, "{}");

    public static MethodResponse Error(int status, string message) =>
        new(status, JsonSerializer.Serialize(new { message }));
}
