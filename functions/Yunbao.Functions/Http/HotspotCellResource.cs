using Yunbao.Domain.Heatmaps;

namespace Yunbao.Functions.Http;

/// <summary>A significant hot cell, ranked (1 = strongest); <see cref="Bounds"/> is west,south,east,north for drawing its outline.</summary>
public sealed record HotspotCellResource(int Rank, int Column, int Row, double[] Bounds, LocationResource Center, int Count, double ZScore, double PValue, double QValue)
{
    public static HotspotCellResource From(HotspotCell c, int rank) => new(rank, c.Column, c.Row,
        [c.Bounds.West, c.Bounds.South, c.Bounds.East, c.Bounds.North], LocationResource.From(c.Center), c.Count,
        Math.Round(c.ZScore, 3), c.PValue, c.QValue);
}
