using Yunbao.Domain.Geo;

namespace Yunbao.Domain.Detection;

/// <summary>What produced an event on the map.</summary>
public enum EventSource { PatrolVehicle, FixedCamera, Sensor, Citizen, Steward }

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

/// <summary>A frame's bytes and metadata as read from storage.</summary>
public sealed record FrameContent(FrameCapture Capture, ReadOnlyMemory<byte> Image, string ContentType, IReadOnlyDictionary<string, string> Metadata);

/// <summary>A box in image pixels.</summary>
public readonly record struct PixelBox(int X, int Y, int W, int H);

public sealed record DetectedObject(string Label, double Confidence, PixelBox Box)
{
    /// <summary>
    /// Where the object stands on the ground, when the provider knows better than the rules' estimate from
    /// position, heading, view and box (the simulation detector knows it from the ground truth).
    /// </summary>
    public GeoPoint? GroundPosition { get; init; }
}

/// <summary>What a detector saw. <see cref="Simulated"/> is true for the simulation detector, always.</summary>
public sealed record DetectionResult(string Provider, bool Simulated, IReadOnlyList<DetectedObject> Objects, IReadOnlyList<string> Tags);
