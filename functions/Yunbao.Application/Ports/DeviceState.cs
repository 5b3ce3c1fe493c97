using Yunbao.Contracts.Geo;

namespace Yunbao.Application.Ports;

/// <summary>
/// The last known state of a device (patrol vehicle, fixed camera, sensor) in the `devices` container:
/// where it is and what it last reported. A snapshot, not history: Event Hubs keeps the history.
/// </summary>
public sealed class DeviceState
{
    /// <summary>The IoT Hub device id.</summary>
    public required string Id { get; init; }
    public required string DistrictId { get; init; }
    /// <summary>"vehicle", "sensor", "camera".</summary>
    public required string Kind { get; set; }
    public GeoPoint Location { get; set; }
    public double HeadingDeg { get; set; }
    public double SpeedKmh { get; set; }
    /// <summary>Device time of the newest report applied; older reports arriving late are not applied.</summary>
    public DateTimeOffset LastReportAt { get; set; }
    /// <summary>When the cloud received the newest report.</summary>
    public DateTimeOffset LastSeenAt { get; set; }
    /// <summary>Latest sensor readings by metric (type=sensor).</summary>
    public Dictionary<string, double> Readings { get; init; } = [];
    /// <summary>Latest health report body as JSON text (type=health).</summary>
    public string? HealthJson { get; set; }
    /// <summary>True when the device is part of the simulated fleet.</summary>
    public bool Simulated { get; set; }
    public string? ETag { get; set; }
}
