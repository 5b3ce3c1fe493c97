using System.Text.Json;

namespace Yunbao.Edge.IotHub;

/// <summary>
/// How the client reads and writes JSON payloads when the caller gives no options of its own: the web defaults
/// (camelCase, any case on read), the shape IoT Hub's twin documents and method envelopes use. One cached instance.
/// </summary>
internal static class IotHubJson
{
    public static JsonSerializerOptions Default { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
