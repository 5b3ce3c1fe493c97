using System.Reflection;
using System.Text.Json;
using Yunbao.Contracts.Geo;

namespace Yunbao.Domain.Geo;

/// <summary>The nearest point on the street network to some point.</summary>
public sealed record StreetPosition(Street Street, GeoPoint Point, double DistanceAlongMeters, double OffsetMeters, double BearingDeg);
