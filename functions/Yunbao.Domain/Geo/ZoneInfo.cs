using Yunbao.Domain.Catalog;

namespace Yunbao.Domain.Geo;

/// <summary>Why a point got its zone: the street or plaza it lies on and how far from the centreline.</summary>
public sealed record ZoneInfo(ZoneType Zone, Street? Street, double OffsetMeters, double DistanceAlongMeters, Plaza? Plaza);
