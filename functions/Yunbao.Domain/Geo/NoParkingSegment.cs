using System.Reflection;
using System.Text.Json;

namespace Yunbao.Domain.Geo;

/// <summary>A stretch of a street where stopping is forbidden, by distance along the street's centreline.</summary>
public sealed record NoParkingSegment(double FromMeters, double ToMeters, string ReasonZh, string ReasonEn)
{
    public bool Covers(double alongMeters) => alongMeters >= FromMeters && alongMeters <= ToMeters;
}
