using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Geo;
using Yunbao.Domain.Heatmaps;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.Ports;
using Yunbao.Domain.Tiles;

namespace Yunbao.Domain.Pipeline;

/// <summary>
/// Rebuilds every heatmap pyramid (layer × window × zoom) of a district from its incidents of the longest
/// window, writes only tiles with heat, removes tiles the previous run wrote that are now empty, and writes
/// a TileJSON per pyramid plus manifest.json. Colours are normalised by each pyramid's max per zoom.
/// </summary>
public sealed class HeatmapRollupService(
    IIncidentRepository incidents,
    IHeatmapStore store,
    IPngEncoder pngEncoder,
    CategoryCatalog catalog,
    IOptions<HeatmapOptions> heatmapOptions,
    IOptions<DistrictOptions> districtOptions,
    TimeProvider clock,
    ILogger<HeatmapRollupService> logger)
{
    private const int TilePixels = TileMath.TileSize * TileMath.TileSize;

    // Tiles are CPU work (render, colour, encode) then one small write: a little over the core count keeps both busy.
    private static readonly int Parallelism = Math.Max(2, Environment.ProcessorCount * 2);

    public async Task<HeatmapRollupResult> RollupAsync(string districtId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(districtId);
        var options = heatmapOptions.Value;
        Validate(options);
        var district = districtOptions.Value;
        var started = clock.GetTimestamp();
        var now = clock.GetUtcNow();
        var from = now - HeatmapLayers.LongestWindow;

        var recent = new List<Incident>();
        await foreach (var incident in incidents.ListObservedBetweenAsync(districtId, from, now, ct).WithCancellation(ct))
            if (incident.ObservedAt >= from && incident.ObservedAt < now) recent.Add(incident);

        var previous = await ReadPreviousManifestAsync(ct);
        var layers = HeatmapLayers.For(catalog);
        var pyramids = new List<HeatmapPyramidEntry>();
        foreach (var window in HeatmapLayers.Windows)
        {
            var inWindow = recent.Where(i => window.Includes(i, now)).ToList();
            foreach (var layer in layers)
            {
                var members = inWindow.Where(layer.Includes).ToList();
                var pyramid = await RenderPyramidAsync(layer.Name, window.Name, members, options, district.Bounds, ct);
                pyramids.Add(pyramid);
                var tileJson = HeatmapDocuments.BuildTileJson(
                    layer.Name, layer.Description, window.Name, district.Name, options.TileBaseUrl,
                    options.MinZoom, options.MaxZoom, district.Bounds, options.KernelRadiusMeters, pyramid.Simulated);
                await store.WriteDocumentAsync(HeatmapDocuments.TileJsonPath(layer.Name, window.Name), HeatmapDocuments.Serialize(tileJson), ct);
            }
        }

        var tilesWritten = pyramids.Sum(p => p.Tiles.Count);
        var maxIntensity = pyramids.SelectMany(p => p.MaxIntensityByZoom.Values).DefaultIfEmpty(0).Max();
        var manifest = new HeatmapManifest
        {
            DistrictId = districtId,
            GeneratedAt = now,
            Simulated = recent.Any(i => i.Simulated),
            MinZoom = options.MinZoom,
            MaxZoom = options.MaxZoom,
            KernelRadiusMeters = options.KernelRadiusMeters,
            WeightBySeverity = options.WeightBySeverity,
            Windows = HeatmapLayers.Windows.Select(w => w.Name).ToList(),
            Layers = layers.Select(l => l.Name).ToList(),
            IncidentsCounted = recent.Count,
            TilesWritten = tilesWritten,
            MaxIntensity = maxIntensity,
            Pyramids = pyramids,
        };
        // The manifest goes before the deletes: if the run dies in between, the next run still knows every tile it must clean.
        await store.WriteDocumentAsync(HeatmapDocuments.ManifestPath, HeatmapDocuments.Serialize(manifest), ct);
        var deleted = await DeleteStaleTilesAsync(previous, manifest, ct);

        logger.LogInformation(
            "Heatmap rollup for {districtId}: {incidents} incidents, {tilesWritten} tiles written, {tilesDeleted} stale tiles removed, max intensity {maxIntensity:F1}, simulated {simulated}, {elapsedMs} ms",
            districtId, recent.Count, tilesWritten, deleted, maxIntensity, manifest.Simulated, (long)clock.GetElapsedTime(started).TotalMilliseconds);
        return new HeatmapRollupResult(now, recent.Count, tilesWritten, maxIntensity);
    }

    private async Task<HeatmapPyramidEntry> RenderPyramidAsync(
        string layer, string window, IReadOnlyList<Incident> members, HeatmapOptions options, GeoBounds bounds, CancellationToken ct)
    {
        var maxByZoom = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var written = new ConcurrentBag<TileId>();
        var points = members.Select(i => new HeatPoint(i.Location, WeightOf(i, options))).ToArray();
        if (points.Length > 0)
        {
            for (var z = options.MinZoom; z <= options.MaxZoom; z++)
            {
                var scene = HeatmapScene.Build(points, z, options.KernelRadiusMeters, bounds);
                var tiles = scene.Tiles.ToArray();
                var tileMax = MaxPerTile(scene, tiles, ct);
                var zoomMax = tileMax.DefaultIfEmpty(0).Max();
                if (zoomMax <= 0) continue;
                maxByZoom[z.ToString(System.Globalization.CultureInfo.InvariantCulture)] = zoomMax;

                var hot = tiles.Where((_, i) => tileMax[i] > 0);
                await Parallel.ForEachAsync(hot, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (tile, token) =>
                {
                    var png = RenderPng(scene, tile, zoomMax);
                    if (png is null) return;
                    await store.WriteTileAsync(layer, window, tile.Z, tile.X, tile.Y, png, token);
                    written.Add(tile);
                });
            }
        }

        return new HeatmapPyramidEntry
        {
            Layer = layer,
            Window = window,
            Incidents = members.Count,
            Simulated = members.Any(i => i.Simulated),
            MaxIntensityByZoom = maxByZoom,
            Tiles = written.OrderBy(t => t.Z).ThenBy(t => t.X).ThenBy(t => t.Y).Select(t => t.ToString()).ToList(),
        };
    }

    /// <summary>First pass: each tile's largest intensity, so the zoom's maximum is known before anything is coloured.</summary>
    private static float[] MaxPerTile(HeatmapScene scene, TileId[] tiles, CancellationToken ct)
    {
        var max = new float[tiles.Length];
        Parallel.For(0, tiles.Length,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct },
            () => new float[TilePixels],
            (i, _, buffer) => { max[i] = scene.Render(tiles[i], buffer); return buffer; },
            _ => { });
        return max;
    }

    /// <summary>Second pass for one tile: render, colour against the zoom's max, encode. Null when nothing visible remains.</summary>
    private byte[]? RenderPng(HeatmapScene scene, TileId tile, double zoomMax)
    {
        var intensity = ArrayPool<float>.Shared.Rent(TilePixels);
        var rgba = ArrayPool<byte>.Shared.Rent(TilePixels * 4);
        try
        {
            scene.Render(tile, intensity);
            return HeatmapColorRamp.Colorize(intensity.AsSpan(0, TilePixels), zoomMax, rgba.AsSpan(0, TilePixels * 4))
                ? pngEncoder.Encode(rgba.AsSpan(0, TilePixels * 4), TileMath.TileSize, TileMath.TileSize)
                : null;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(intensity);
            ArrayPool<byte>.Shared.Return(rgba);
        }
    }

    private double WeightOf(Incident incident, HeatmapOptions options) =>
        options.WeightBySeverity && catalog.TryGet(incident.CategoryCode, out var category) ? (int)category.DefaultSeverity : 1.0;

    private async Task<HeatmapManifest?> ReadPreviousManifestAsync(CancellationToken ct)
    {
        var json = await store.ReadDocumentAsync(HeatmapDocuments.ManifestPath, ct);
        if (json is null) return null;
        try
        {
            return HeatmapDocuments.DeserializeManifest(json);
        }
        catch (System.Text.Json.JsonException ex)
        {
            // Losing the old list only leaves stale tiles behind; it must not stop the new heatmaps.
            logger.LogWarning(ex, "Previous heatmap manifest is unreadable; stale tiles from that run are not removed");
            return null;
        }
    }

    private async Task<int> DeleteStaleTilesAsync(HeatmapManifest? previous, HeatmapManifest current, CancellationToken ct)
    {
        if (previous is null) return 0;
        var now = current.Pyramids.ToDictionary(p => (p.Layer, p.Window), p => p.Tiles.ToHashSet(StringComparer.Ordinal));
        var stale = new List<(string Layer, string Window, TileId Tile)>();
        foreach (var pyramid in previous.Pyramids)
        {
            now.TryGetValue((pyramid.Layer, pyramid.Window), out var kept);
            foreach (var text in pyramid.Tiles)
                if (kept?.Contains(text) != true && TileId.TryParse(text, out var tile))
                    stale.Add((pyramid.Layer, pyramid.Window, tile));
        }
        await Parallel.ForEachAsync(stale, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            (s, token) => new ValueTask(store.DeleteTileAsync(s.Layer, s.Window, s.Tile.Z, s.Tile.X, s.Tile.Y, token)));
        return stale.Count;
    }

    private static void Validate(HeatmapOptions o)
    {
        if (o.MinZoom < 0 || o.MaxZoom > TileMath.MaxSupportedZoom || o.MinZoom > o.MaxZoom)
            throw new InvalidOperationException($"Heatmaps:MinZoom..MaxZoom must lie in 0..{TileMath.MaxSupportedZoom} with MinZoom <= MaxZoom (got {o.MinZoom}..{o.MaxZoom}).");
        if (!(o.KernelRadiusMeters > 0))
            throw new InvalidOperationException($"Heatmaps:KernelRadiusMeters must be positive (got {o.KernelRadiusMeters}).");
    }
}
