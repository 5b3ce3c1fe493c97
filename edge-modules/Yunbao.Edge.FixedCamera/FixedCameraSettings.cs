using System.Text.Json.Nodes;

namespace Yunbao.Edge.FixedCamera;

/// <summary>FixedCamera's settings: twin desired properties (names in <see cref="DesiredPropertyNames"/>).</summary>
public sealed record FixedCameraSettings
{
    public double CaptureIntervalSeconds { get; init; } = 300;
    public int FrameWidth { get; init; }
    public int FrameHeight { get; init; }

    public static readonly IReadOnlyList<string> DesiredPropertyNames = ["captureIntervalSeconds", "frameWidth", "frameHeight"];

    public JsonObject ToReported() => new()
    {
        ["captureIntervalSeconds"] = CaptureIntervalSeconds,
        ["frameWidth"] = FrameWidth,
        ["frameHeight"] = FrameHeight,
    };
}
