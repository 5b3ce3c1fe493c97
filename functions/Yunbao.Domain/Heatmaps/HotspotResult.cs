
namespace Yunbao.Domain.Heatmaps;

public sealed record HotspotResult(double CellSizeMeters, int Columns, int Rows, int Points, double FalseDiscoveryRate, IReadOnlyList<HotspotCell> Cells)
{
    /// <summary>Significant hot cells, strongest first: where to send stewards.</summary>
    public IReadOnlyList<HotspotCell> Hotspots => Cells.Where(c => c.IsHotspot).OrderByDescending(c => c.ZScore).ToList();
}
