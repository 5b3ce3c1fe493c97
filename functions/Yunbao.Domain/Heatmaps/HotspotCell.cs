using Yunbao.Contracts.Geo;
using Yunbao.Domain.Geo;

namespace Yunbao.Domain.Heatmaps;

/// <param name="Column">0 at the west edge.</param>
/// <param name="Row">0 at the north edge.</param>
/// <param name="ZScore">Getis-Ord Gi*: positive where incidents cluster more than the district average.</param>
/// <param name="PValue">Two-sided, from the standard normal.</param>
/// <param name="QValue">Benjamini–Hochberg adjusted p-value; significant when ≤ the false-discovery rate.</param>
public sealed record HotspotCell(int Column, int Row, GeoBounds Bounds, int Count, double ZScore, double PValue, double QValue, bool Significant)
{
    public GeoPoint Center => new((Bounds.West + Bounds.East) / 2, (Bounds.South + Bounds.North) / 2);
    public bool IsHotspot => Significant && ZScore > 0;
    public bool IsColdspot => Significant && ZScore < 0;
}
