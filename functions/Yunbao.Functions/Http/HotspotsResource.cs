using Yunbao.Domain.Heatmaps;

namespace Yunbao.Functions.Http;

/// <summary>Getis-Ord Gi* hot spots of one layer and window, with Benjamini–Hochberg control of false discoveries.</summary>
public sealed record HotspotsResource(string Layer, string Window, double CellSizeMeters, int Columns, int Rows, int Points, double FalseDiscoveryRate,
    string Method, IReadOnlyList<HotspotCellResource> Hotspots)
{
    public static HotspotsResource From(string layer, string window, HotspotResult r) => new(layer, window, r.CellSizeMeters, r.Columns, r.Rows, r.Points,
        r.FalseDiscoveryRate, "Getis-Ord Gi* (queen contiguity), Benjamini-Hochberg q-values", r.Hotspots.Select((c, i) => HotspotCellResource.From(c, i + 1)).ToList());
}
