using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;

namespace Yunbao.Domain.Detection;

public sealed record DetectedObject(string Label, double Confidence, PixelBox Box)
{
    /// <summary>
    /// Where the object stands on the ground, when the provider knows better than the rules' estimate from
    /// position, heading, view and box (the simulation detector knows it from the ground truth).
    /// </summary>
    public GeoPoint? GroundPosition { get; init; }
}
