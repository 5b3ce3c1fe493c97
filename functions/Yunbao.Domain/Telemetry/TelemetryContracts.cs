using System.Text.Json;

namespace Yunbao.Domain.Telemetry;

/// <summary>
/// The `type` application property on every device-to-cloud message. IoT Hub routes and the
/// Event Grid subscription filter on it, so it is a contract between devices and the cloud.
/// </summary>
public static class TelemetryTypes
{
    public const string Position = "position";
    public const string Sensor = "sensor";
    public const string Alert = "alert";
    public const string Health = "health";
}

/// <summary>A device message as the functions receive it (from an Event Grid DeviceTelemetry event), before it is understood.</summary>
public sealed record TelemetryMessage(
    string DeviceId,
    string? ModuleId,
    string Type,
    string? MessageId,
    DateTimeOffset EnqueuedAt,
    JsonElement Body,
    IReadOnlyDictionary<string, string> Properties);

// Bodies (JSON, camelCase). Devices send them; the domain reads them.

/// <summary>type=position. kind "vehicle" (patrol car) or "steward" (steward's phone).</summary>
public sealed record PositionReport(string Kind, string DistrictId, DateTimeOffset Ts, double Lon, double Lat, double HeadingDeg = 0, double SpeedKmh = 0, string? StewardId = null, bool? Available = null);

/// <summary>type=sensor: periodic readings of an environmental sensor.</summary>
public sealed record SensorReading(string DistrictId, DateTimeOffset Ts, double Lon, double Lat, IReadOnlyDictionary<string, double> Values);

/// <summary>type=alert: a threshold crossed (state "raised") or cleared after hysteresis (state "cleared").</summary>
public sealed record SensorAlert(string DistrictId, DateTimeOffset Ts, double Lon, double Lat, string Metric, double Value, double Threshold, string State);
