using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;

namespace Yunbao.Domain.Detection;

/// <summary>A frame's bytes and metadata as read from storage.</summary>
public sealed record FrameContent(FrameCapture Capture, ReadOnlyMemory<byte> Image, string ContentType, IReadOnlyDictionary<string, string> Metadata);

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
