using System.Text;
using System.Text.Json;

namespace Yunbao.Edge.IotHub;

/// <summary>
/// A device-to-cloud message. <see cref="MessageId"/> is fixed when the message is created and travels
/// as <c>$.mid</c>: QoS 1 is at-least-once, so after an outage or a restart a message can arrive twice,
/// and receivers dedupe by this id.
/// </summary>
public sealed record DeviceMessage
{
    /// <summary>The <c>type</c> application property (position, sensor, alert, health, ...). Routes filter on it.</summary>
    public required string Type { get; init; }

    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary><c>$.mid</c>; a time-ordered GUID by default.</summary>
    public string MessageId { get; init; } = Guid.CreateVersion7().ToString();

    /// <summary><c>$.cid</c>, optional.</summary>
    public string? CorrelationId { get; init; }

    /// <summary><c>$.ctime</c>; the client's clock at enqueue when null.</summary>
    public DateTimeOffset? CreationTime { get; init; }

    /// <summary><c>$.ct</c>. IoT Hub routing queries the body only for application/json + utf-8.</summary>
    public string ContentType { get; init; } = "application/json";

    /// <summary><c>$.ce</c>.</summary>
    public string ContentEncoding { get; init; } = "utf-8";

    /// <summary><c>$.on</c>: the module output name edgeHub routes match (<c>FROM /messages/modules/{m}/outputs/{output}</c>).</summary>
    public string? OutputName { get; init; }

    /// <summary>Application properties besides <c>type</c>.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();


    /// <summary>A JSON message (camelCase, as the functions read it).</summary>
    public static DeviceMessage FromJson<T>(string type, T body, JsonSerializerOptions? options = null) => new()
    {
        Type = type,
        Body = JsonSerializer.SerializeToUtf8Bytes(body, options ?? IotHubJson.Default),
    };

    public static DeviceMessage FromText(string type, string body, string contentType = "text/plain") => new()
    {
        Type = type,
        Body = Encoding.UTF8.GetBytes(body),
        ContentType = contentType,
    };
}
