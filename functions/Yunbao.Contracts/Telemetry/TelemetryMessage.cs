using System.Text.Json;

namespace Yunbao.Contracts.Telemetry;

/// <summary>A device message as the functions receive it (from an Event Grid DeviceTelemetry event), before it is understood.</summary>
public sealed record TelemetryMessage(
    string DeviceId,
    string? ModuleId,
    string Type,
    string? MessageId,
    DateTimeOffset EnqueuedAt,
    JsonElement Body,
    IReadOnlyDictionary<string, string> Properties);
