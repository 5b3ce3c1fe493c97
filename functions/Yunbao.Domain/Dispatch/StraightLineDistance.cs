using Yunbao.Contracts.Geo;

namespace Yunbao.Domain.Dispatch;

/// <summary>Great-circle distance: the default, cheap, and close enough on a grid of short blocks.</summary>
public sealed class StraightLineDistance : IRoadDistance
{
    public double Meters(GeoPoint from, GeoPoint to) => from.DistanceTo(to);
}
