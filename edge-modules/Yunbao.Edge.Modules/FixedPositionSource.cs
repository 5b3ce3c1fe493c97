using Yunbao.Contracts.Geo;

namespace Yunbao.Edge.Modules;

/// <summary>A position that never changes (a camera on a pole, surveyed once).</summary>
public sealed class FixedPositionSource(GeoPoint position, double headingDeg) : IPositionSource
{
    public PositionFix Read(DateTimeOffset at) => new(at, position, headingDeg, 0);
}
