using Yunbao.Contracts.Geo;

namespace Yunbao.Domain.Geo;

/// <summary>Where a point falls along a path: the nearest point on it and how far along it is.</summary>
public readonly record struct PathPosition(GeoPoint Point, double DistanceAlongMeters, double OffsetMeters, double BearingDeg);
