using Microsoft.Extensions.Options;
using Yunbao.Domain.Heatmaps;

namespace Yunbao.Application.Heatmaps;

/// <summary>A hotspot question from the dispatcher: which cells hold significantly many incidents.</summary>
public sealed record HotspotQuery
{
    public required string DistrictId { get; init; }
    /// <summary>"24h", "7d" or "30d".</summary>
    public string Window { get; init; } = "7d";
    /// <summary>A heatmap layer name: "all", a category code or "source-…".</summary>
    public string Layer { get; init; } = HeatmapLayers.All;
    public double CellSizeMeters { get; init; } = 100;
    public double FalseDiscoveryRate { get; init; } = 0.05;
}
