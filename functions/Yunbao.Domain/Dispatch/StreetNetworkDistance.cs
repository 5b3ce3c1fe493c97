using Yunbao.Contracts.Geo;
using Yunbao.Domain.Geo;

namespace Yunbao.Domain.Dispatch;

/// <summary>Distance along the district's streets (shortest route between the nearest street points).</summary>
public sealed class StreetNetworkDistance(StreetNetwork network) : IRoadDistance
{
    public double Meters(GeoPoint from, GeoPoint to) => network.RoadDistanceMeters(from, to);
}
