namespace Yunbao.Contracts.Messaging;

/// <summary>One device-to-cloud message as IoT Hub hands it to Event Grid.</summary>
public sealed record DeviceTelemetryEventInput
{
    public required string DeviceId { get; init; }
    public string? ModuleId { get; init; }
    /// <summary>Application properties, including the `type` property (see TelemetryTypes).</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
    public required ReadOnlyMemory<byte> Body { get; init; }
    /// <summary>$.ct: IoT Hub embeds the body as JSON only for application/json with encoding utf-8.</summary>
    public string? ContentType { get; init; } = "application/json";
    public string? ContentEncoding { get; init; } = "utf-8";
    public string? MessageId { get; init; }
    public string? CorrelationId { get; init; }
    public required DateTimeOffset EnqueuedAt { get; init; }
    public string? EventId { get; init; }
    /// <summary>Resource id of the hub; a local placeholder when null.</summary>
    public string? Topic { get; init; }
}
