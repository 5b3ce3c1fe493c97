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
