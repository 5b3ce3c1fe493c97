using Yunbao.Domain.Detection;
using Yunbao.Domain.Geo;

namespace Yunbao.Edge.Modules;

/// <summary>One picture from a camera: JPEG bytes and any extra blob metadata the source adds (e.g. simulated=true and ground truth).</summary>
public sealed record FrameImage(ReadOnlyMemory<byte> Jpeg, IReadOnlyDictionary<string, string> ExtraMetadata, string ContentType = "image/jpeg");

/// <summary>Where a camera module's pictures come from: a camera driver on a vehicle, or the simulator locally.</summary>
public interface IFrameSource
{
    Task<FrameImage> CaptureAsync(FrameCapture capture, CancellationToken cancellationToken);
}

/// <summary>A GNSS fix: where the device is, where it heads, how fast.</summary>
public readonly record struct PositionFix(DateTimeOffset At, GeoPoint Position, double HeadingDeg, double SpeedKmh);

/// <summary>Where the device is: a GNSS receiver on a vehicle, a surveyed pole position for a fixed camera, or the simulator.</summary>
public interface IPositionSource
{
    PositionFix Read(DateTimeOffset at);
}

/// <summary>An environmental station's readings (metric name → value, e.g. pm25, pm10, noiseDb).</summary>
public interface ISensorSource
{
    GeoPoint Position { get; }
    IReadOnlyDictionary<string, double> Read(DateTimeOffset at);
}

/// <summary>A position that never changes (a camera on a pole).</summary>
public sealed class FixedPositionSource(GeoPoint position, double headingDeg) : IPositionSource
{
    public PositionFix Read(DateTimeOffset at) => new(at, position, headingDeg, 0);
}
