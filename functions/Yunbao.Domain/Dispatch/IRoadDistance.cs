using Yunbao.Contracts.Geo;

namespace Yunbao.Domain.Dispatch;

/// <summary>How far a steward has to go. Straight line today; road distance when a road graph is wanted.</summary>
public interface IRoadDistance
{
    double Meters(GeoPoint from, GeoPoint to);
}
