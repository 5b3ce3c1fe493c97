using Microsoft.Extensions.Options;
using Yunbao.Application;
using Yunbao.Application.Ports;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Heatmaps;

namespace Yunbao.Application.Heatmaps;

/// <summary>Runs <see cref="HotspotAnalysis"/> over a district's incidents of one layer and window.</summary>
public sealed class HotspotService(
    IIncidentRepository incidents, CategoryCatalog catalog, IOptions<DistrictOptions> districtOptions, TimeProvider clock)
{
    /// <exception cref="ArgumentException">Unknown window or layer, or a cell size outside 10 m – 5 km.</exception>
    public async Task<HotspotResult> AnalyzeAsync(HotspotQuery query, CancellationToken ct)
    {
        if (!HeatmapLayers.TryGetWindow(query.Window, out var window))
            throw new ArgumentException($"Unknown window '{query.Window}'; use {string.Join(", ", HeatmapLayers.Windows.Select(w => w.Name))}.", nameof(query));
        var layer = HeatmapLayers.For(catalog).FirstOrDefault(l => l.Name == query.Layer)
            ?? throw new ArgumentException($"Unknown layer '{query.Layer}'.", nameof(query));
        if (query.CellSizeMeters is < 10 or > 5000)
            throw new ArgumentException("Cell size must be between 10 m and 5 km.", nameof(query));

        var now = clock.GetUtcNow();
        var points = new List<Yunbao.Contracts.Geo.GeoPoint>();
        await foreach (var incident in incidents.ListObservedBetweenAsync(query.DistrictId, now - window.Length, now, ct).WithCancellation(ct))
            if (window.Includes(incident, now) && layer.Includes(incident)) points.Add(incident.Location);

        return HotspotAnalysis.Analyze(points, districtOptions.Value.Bounds, query.CellSizeMeters,
            new HotspotOptions { FalseDiscoveryRate = query.FalseDiscoveryRate });
    }
}
