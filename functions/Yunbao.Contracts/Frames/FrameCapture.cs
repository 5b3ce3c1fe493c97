using Yunbao.Contracts.Geo;

namespace Yunbao.Contracts.Frames;

/// <summary>
/// The capture context of one frame, carried as blob metadata next to the image
/// (frames never travel inside messages: IoT Hub caps a message at 256 KB).
/// </summary>
public sealed record FrameCapture
{
    /// <summary>Blob name inside the `frames` container, e.g. "patrol-01/2026/11/25/0830/000123-front.jpg". Idempotency key.</summary>
    public required string BlobName { get; init; }
    public required string DeviceId { get; init; }
    public required string DistrictId { get; init; }
    public required DateTimeOffset CapturedAt { get; init; }
    public required GeoPoint Position { get; init; }
    /// <summary>Heading of the vehicle (or camera) in degrees clockwise from north.</summary>
    public double HeadingDeg { get; init; }
    public double SpeedKmh { get; init; }
    /// <summary>Camera view: "front", "right", "rear", "left" for the 360° camera, "fixed" for a fixed camera.</summary>
    public string View { get; init; } = "front";
    public EventSource Source { get; init; } = EventSource.PatrolVehicle;
    public int ImageWidth { get; init; }
    public int ImageHeight { get; init; }
}
