using System.Reflection;
using System.Text.Json;

namespace Yunbao.Domain.Geo;

/// <summary>A named street: centreline, carriageway and sidewalk widths (sidewalk on each side).</summary>
public sealed class Street
{
    public required string Id { get; init; }
    public required string NameZh { get; init; }
    public required string NameEn { get; init; }
    /// <summary>"arterial", "primary", "secondary" or "branch".</summary>
    public required string RoadClass { get; init; }
    public required double CarriagewayWidthMeters { get; init; }
    /// <summary>Width of the sidewalk on each side of the carriageway.</summary>
    public required double SidewalkWidthMeters { get; init; }
    public required GeoPath Path { get; init; }
    public IReadOnlyList<NoParkingSegment> NoParking { get; init; } = [];
    public double LengthMeters => Path.LengthMeters;
    public bool IsNoParkingAt(double alongMeters) => NoParking.Any(s => s.Covers(alongMeters));
    public override string ToString() => $"{NameZh} {NameEn}";
}
