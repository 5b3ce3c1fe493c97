using System.Text.Json;
using System.Text.Json.Serialization;

namespace Yunbao.Domain.Heatmaps;

/// <summary>What one rollup wrote: read by the API and dashboard, and by the next rollup to remove stale tiles.</summary>
public sealed record HeatmapManifest
{
    public required string DistrictId { get; init; }
    public required DateTimeOffset GeneratedAt { get; init; }
    /// <summary>True when any counted incident came from the simulation detector or simulated devices.</summary>
    public required bool Simulated { get; init; }
    public required int MinZoom { get; init; }
    public required int MaxZoom { get; init; }
    public required double KernelRadiusMeters { get; init; }
    public string Kernel { get; init; } = "quartic";
    public string IntensityUnit { get; init; } = "incidents per km²";
    public required bool WeightBySeverity { get; init; }
    public required IReadOnlyList<string> Windows { get; init; }
    public required IReadOnlyList<string> Layers { get; init; }
    /// <summary>Incidents in the longest window over all layers.</summary>
    public required int IncidentsCounted { get; init; }
    public required int TilesWritten { get; init; }
    public required double MaxIntensity { get; init; }
    public required IReadOnlyList<HeatmapPyramidEntry> Pyramids { get; init; }

    public HeatmapPyramidEntry? Find(string layer, string window) =>
        Pyramids.FirstOrDefault(p => p.Layer == layer && p.Window == window);
}
