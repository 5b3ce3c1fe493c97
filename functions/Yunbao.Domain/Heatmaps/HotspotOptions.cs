
namespace Yunbao.Domain.Heatmaps;

public sealed record HotspotOptions
{
    /// <summary>Benjamini–Hochberg false-discovery rate q: the expected share of false alarms among significant cells.</summary>
    public double FalseDiscoveryRate { get; init; } = 0.05;
    /// <summary>A cell's neighbourhood: cells within this many rows/columns (1 = itself and its 8 neighbours).</summary>
    public int NeighbourhoodCells { get; init; } = 1;
}
