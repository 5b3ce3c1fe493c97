using System.Text.Json.Nodes;

namespace Yunbao.Edge.PatrolCamera;

/// <summary>PatrolCamera's settings: twin desired properties (names in <see cref="DesiredPropertyNames"/>), defaults from here.</summary>
public sealed record PatrolCameraSettings
{
    /// <summary>Longest time between two 360° captures (also when standing still).</summary>
    public double CaptureIntervalSeconds { get; init; } = 5;
    /// <summary>Capture again after this many metres driven, whichever comes first.</summary>
    public double CaptureDistanceMeters { get; init; } = 20;
    public double PositionIntervalSeconds { get; init; } = 10;
    public int FrameWidth { get; init; }
    public int FrameHeight { get; init; }

    public static readonly IReadOnlyList<string> DesiredPropertyNames =
        ["captureIntervalSeconds", "captureDistanceMeters", "positionIntervalSeconds", "frameWidth", "frameHeight"];

    /// <summary>Seconds until the next capture at <paramref name="speedKmh"/>: the interval, or less when the distance comes first.</summary>
    public TimeSpan NextCaptureDelay(double speedKmh)
    {
        var byTime = CaptureIntervalSeconds;
        var metersPerSecond = speedKmh / 3.6;
        var byDistance = metersPerSecond > 0.1 && CaptureDistanceMeters > 0 ? CaptureDistanceMeters / metersPerSecond : double.PositiveInfinity;
        return TimeSpan.FromSeconds(Math.Max(0.05, Math.Min(byTime, byDistance)));
    }

    public JsonObject ToReported() => new()
    {
        ["captureIntervalSeconds"] = CaptureIntervalSeconds,
        ["captureDistanceMeters"] = CaptureDistanceMeters,
        ["positionIntervalSeconds"] = PositionIntervalSeconds,
        ["frameWidth"] = FrameWidth,
        ["frameHeight"] = FrameHeight,
    };
}
