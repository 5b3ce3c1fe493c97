using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yunbao.Application;
using Yunbao.Application.Ports;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Geo;
using Yunbao.Domain.Heatmaps;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.Tiles;

namespace Yunbao.Application.Heatmaps;

/// <summary>
/// Rebuilds every heatmap pyramid (layer × window × zoom) of a district from its incidents of the longest
/// window, writes only tiles with heat, removes tiles the previous run wrote that are now empty, and writes
/// a TileJSON per pyramid plus manifest.json. Colours are normalised by each pyramid's max per zoom.
/// A pyramid whose inputs are unchanged since the last run (same <see cref="HeatmapPyramidEntry.Fingerprint"/>) is kept
/// as it is: its tiles would come out byte for byte the same, so the cost of a run grows with the pyramids that changed.
/// </summary>
public sealed class HeatmapRollupService(
    IIncidentRepository incidents,
    IHeatmapStore store,
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

        var layers = HeatmapLayers.For(catalog);
        var plans = (
            from window in HeatmapLayers.Windows
            let inWindow = recent.Where(i => window.Includes(i, now)).ToList()
            from layer in layers
            let members = inWindow.Where(layer.Includes).ToList()
            select new PyramidPlan(layer, window, members, Fingerprint(layer, window, members, options, district))).ToList();

        var previous = await ReadPreviousManifestAsync(ct);
        var unchanged = UnchangedPyramids(previous, plans);
        var changed = plans.Where(p => !unchanged.ContainsKey((p.Layer.Name, p.Window.Name))).ToList();
        await AnnounceTilesAsync(previous, changed, districtId, now, options, district.Bounds, ct);

        var pyramids = new List<HeatmapPyramidEntry>();
        var tilesRendered = 0;
        foreach (var plan in plans)
        {
            if (unchanged.TryGetValue((plan.Layer.Name, plan.Window.Name), out var kept))
            {
                pyramids.Add(kept with { StaleTiles = null });
                continue;
            }
            var before = previous?.Find(plan.Layer.Name, plan.Window.Name)?.TileHashes;
            var (pyramid, written) = await RenderPyramidAsync(plan, options, district.Bounds, before, ct);
            pyramids.Add(pyramid with { Fingerprint = plan.Fingerprint });
            tilesRendered += written;
            var tileJson = HeatmapDocuments.BuildTileJson(
                plan.Layer.Name, plan.Layer.Description, plan.Window.Name, district.Name, options.TileBaseUrl,
                options.MinZoom, options.MaxZoom, district.Bounds, options.KernelRadiusMeters, pyramid.Simulated);
            await store.WriteDocumentAsync(HeatmapDocuments.TileJsonPath(plan.Layer.Name, plan.Window.Name), HeatmapDocuments.Serialize(tileJson), ct);
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
        var deleted = await PublishAndRemoveStaleTilesAsync(previous, manifest, ct);

        logger.LogInformation(
            "Heatmap rollup for {districtId}: {incidents} incidents, {pyramidsDrawn} of {pyramids} pyramids drawn ({pyramidsKept} unchanged), {tilesDrawn} tiles written, {tilesWritten} tiles published, {tilesDeleted} stale tiles removed, max intensity {maxIntensity:F1}, simulated {simulated}, {elapsedMs} ms",
            districtId, recent.Count, changed.Count, plans.Count, unchanged.Count, tilesRendered, tilesWritten, deleted, maxIntensity, manifest.Simulated,
            (long)clock.GetElapsedTime(started).TotalMilliseconds);
        return new HeatmapRollupResult(now, recent.Count, tilesWritten, maxIntensity) { TilesRendered = tilesRendered, PyramidsRendered = changed.Count };
    }

    private sealed record PyramidPlan(HeatmapLayer Layer, HeatmapWindow Window, IReadOnlyList<Incident> Members, string Fingerprint);

    /// <summary>Bump when the drawing changes (kernel, colour ramp, encoder settings), so older pyramids are drawn again.</summary>
    private const string DrawingVersion = "heatmap-v2-grid";

    /// <summary>
    /// Pyramids of the previous manifest whose fingerprint matches this run's plan: drawing them again would write the
    /// same bytes. An entry without a fingerprint (older manifests, or a run that died while drawing it) never matches.
    /// </summary>
    private static Dictionary<(string Layer, string Window), HeatmapPyramidEntry> UnchangedPyramids(HeatmapManifest? previous, IReadOnlyList<PyramidPlan> plans)
    {
        var byKey = (previous?.Pyramids ?? []).ToDictionary(p => (p.Layer, p.Window));
        var unchanged = new Dictionary<(string Layer, string Window), HeatmapPyramidEntry>();
        foreach (var plan in plans)
            if (byKey.TryGetValue((plan.Layer.Name, plan.Window.Name), out var entry)
                && entry.Fingerprint is { } fingerprint && string.Equals(fingerprint, plan.Fingerprint, StringComparison.Ordinal))
                unchanged[(plan.Layer.Name, plan.Window.Name)] = entry;
        return unchanged;
    }

    /// <summary>
    /// SHA-256 of every input a pyramid's tiles and TileJSON depend on. The members enter as an order-independent sum and
    /// xor of a 64-bit hash per incident: no sort and no text per incident, which at a million incidents × 60 pyramids
    /// cost seconds. Accidental collisions of both 64-bit lanes are out of reach; inputs are our own incidents.
    /// </summary>
    private string Fingerprint(HeatmapLayer layer, HeatmapWindow window, List<Incident> members, HeatmapOptions options, DistrictOptions district)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        ulong sum = 0, xor = 0;
        foreach (var i in members)
        {
            var h = MemberHash(i, WeightOf(i, options));
            sum += h;
            xor ^= Mix(h ^ 0x9E3779B97F4A7C15UL);
        }
        var text = string.Create(inv,
            $"{DrawingVersion}|{layer.Name}|{layer.Description}|{window.Name}|{options.MinZoom}|{options.MaxZoom}|{options.KernelRadiusMeters:R}|" +
            $"{options.WeightBySeverity}|{options.TileBaseUrl}|{district.Name}|{district.West:R},{district.South:R},{district.East:R},{district.North:R}|" +
            $"{members.Count}|{sum:x16}|{xor:x16}");
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>FNV-1a over the id, then the location, weight and simulated flag, finished with a 64-bit mixer (stable across runs).</summary>
    private static ulong MemberHash(Incident i, double weight)
    {
        var h = 14695981039346656037UL;
        foreach (var c in i.Id) h = (h ^ c) * 1099511628211UL;
        h = Mix(h ^ (ulong)BitConverter.DoubleToInt64Bits(i.Location.Lon));
        h = Mix(h ^ (ulong)BitConverter.DoubleToInt64Bits(i.Location.Lat));
        h = Mix(h ^ (ulong)BitConverter.DoubleToInt64Bits(weight));
        return Mix(h ^ (i.Simulated ? 1UL : 2UL));
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>
    /// Before any tile is written, the manifest lists every tile this run may write (the tiles the kernels of the pyramids it draws reach) as
    /// stale, next to what earlier runs wrote. Should this run die halfway, the next run deletes whatever of them it
    /// does not write again, so no tile is left behind unlisted. Readers still see the previous tiles until the end.
    /// </summary>
    private async Task AnnounceTilesAsync(
        HeatmapManifest? previous, IReadOnlyList<PyramidPlan> plans, string districtId, DateTimeOffset now,
        HeatmapOptions options, GeoBounds bounds, CancellationToken ct)
    {
        var entries = (previous?.Pyramids ?? []).ToDictionary(p => (p.Layer, p.Window));
        foreach (var plan in plans)
        {
            // These pyramids are drawn again: until that is done their old fingerprint and tile hashes no longer describe their tiles.
            if (entries.TryGetValue((plan.Layer.Name, plan.Window.Name), out var old) && (old.Fingerprint is not null || old.TileHashes is not null))
                entries[(plan.Layer.Name, plan.Window.Name)] = old with { Fingerprint = null, TileHashes = null };
            if (plan.Members.Count == 0) continue;
            var points = PointsOf(plan.Members, options);
            var candidates = new List<string>();
            for (var z = options.MinZoom; z <= options.MaxZoom; z++)
                candidates.AddRange(DensityGrid.CandidateTiles(points, z, options.KernelRadiusMeters, bounds).Select(t => t.ToString()));
            var key = (plan.Layer.Name, plan.Window.Name);
            var entry = entries.GetValueOrDefault(key) ?? new HeatmapPyramidEntry
            {
                Layer = plan.Layer.Name, Window = plan.Window.Name, Incidents = 0, Simulated = false,
                MaxIntensityByZoom = new Dictionary<string, double>(), Tiles = [],
            };
            var known = entry.Tiles.ToHashSet(StringComparer.Ordinal);
            entries[key] = entry with
            {
                StaleTiles = (entry.StaleTiles ?? []).Concat(candidates.Where(c => !known.Contains(c))).Distinct(StringComparer.Ordinal).ToList(),
            };
        }

        var announced = (previous ?? new HeatmapManifest
        {
            DistrictId = districtId, GeneratedAt = now, Simulated = false, MinZoom = options.MinZoom, MaxZoom = options.MaxZoom,
            KernelRadiusMeters = options.KernelRadiusMeters, WeightBySeverity = options.WeightBySeverity,
            Windows = [], Layers = [], IncidentsCounted = 0, TilesWritten = 0, MaxIntensity = 0, Pyramids = [],
        }) with { Pyramids = entries.Values.ToList() };
        await store.WriteDocumentAsync(HeatmapDocuments.ManifestPath, HeatmapDocuments.Serialize(announced), ct);
    }

    private PlacedPoints PointsOf(IReadOnlyList<Incident> members, HeatmapOptions options) =>
        PlacedPoints.From(members.Select(i => new HeatPoint(i.Location, WeightOf(i, options))).ToArray());

    /// <summary>Draws one pyramid; writes only tiles whose pixels differ from <paramref name="before"/>. Returns the entry and how many tiles it wrote.</summary>
    private async Task<(HeatmapPyramidEntry Entry, int Written)> RenderPyramidAsync(
        PyramidPlan plan, HeatmapOptions options, GeoBounds bounds, IReadOnlyDictionary<string, string>? before, CancellationToken ct)
    {
        var (layer, window, members) = (plan.Layer.Name, plan.Window.Name, plan.Members);
        var maxByZoom = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var published = new ConcurrentDictionary<TileId, string>();
        var writes = 0;
        var points = PointsOf(members, options);
        if (points.Count > 0)
        {
            // Each zoom's density grid is built once from the binned incidents (the zooms side by side), then its tiles
            // are read from it, coloured and encoded in parallel.
            var zooms = Enumerable.Range(options.MinZoom, options.MaxZoom - options.MinZoom + 1).ToArray();
            var grids = new DensityGrid[zooms.Length];
            Parallel.For(0, zooms.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct },
                k => grids[k] = DensityGrid.Build(points, zooms[k], options.KernelRadiusMeters, bounds));
            foreach (var grid in grids)
                if (grid.Max > 0) maxByZoom[grid.Zoom.ToString(System.Globalization.CultureInfo.InvariantCulture)] = grid.Max;
            var work = grids.Where(g => g.Max > 0).SelectMany(g => g.TilesWithHeat().Select(t => (Grid: g, Tile: t)));
            await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (item, token) =>
            {
                var previousHash = before?.GetValueOrDefault(item.Tile.ToString());
                var (png, hash) = RenderPng(item.Grid, item.Tile, previousHash);
                if (hash is null) return;
                if (png is not null)
                {
                    await store.WriteTileAsync(layer, window, item.Tile.Z, item.Tile.X, item.Tile.Y, png, token);
                    Interlocked.Increment(ref writes);
                }
                published[item.Tile] = hash;
            });
        }

        var ordered = published.Keys.OrderBy(t => t.Z).ThenBy(t => t.X).ThenBy(t => t.Y).ToList();
        return (new HeatmapPyramidEntry
        {
            Layer = layer,
            Window = window,
            Incidents = members.Count,
            Simulated = members.Any(i => i.Simulated),
            MaxIntensityByZoom = maxByZoom,
            Tiles = ordered.Select(t => t.ToString()).ToList(),
            TileHashes = ordered.Count == 0 ? null : new SortedDictionary<string, string>(
                ordered.ToDictionary(t => t.ToString(), t => published[t]), StringComparer.Ordinal),
        }, writes);
    }

    /// <summary>
    /// One tile: read from the zoom's grid, turn into ramp levels against the zoom's max, hash the levels, and encode a
    /// paletted PNG unless they hash as <paramref name="previousHash"/> (then the stored PNG is already right: Png is null).
    /// Hash null when nothing visible remains.
    /// </summary>
    private static (byte[]? Png, string? Hash) RenderPng(DensityGrid grid, TileId tile, string? previousHash)
    {
        var intensity = ArrayPool<float>.Shared.Rent(TilePixels);
        var levels = ArrayPool<byte>.Shared.Rent(TilePixels);
        try
        {
            if (grid.Render(tile, intensity) <= 0) return (null, null);
            var pixels = levels.AsSpan(0, TilePixels);
            if (!HeatmapColorRamp.ToLevels(intensity.AsSpan(0, TilePixels), grid.Max, pixels)) return (null, null);
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pixels)[..8]);
            return string.Equals(hash, previousHash, StringComparison.Ordinal)
                ? (null, hash)
                : (PalettePng.Encode(pixels, TileMath.TileSize, TileMath.TileSize, HeatmapColorRamp.Palette), hash);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(intensity);
            ArrayPool<byte>.Shared.Return(levels);
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

    /// <summary>
    /// Writes the manifest and deletes the tiles the previous run wrote that are empty now. Until the deletes are done
    /// the manifest lists them as stale, so a run that dies halfway leaves the next run a complete list to clean.
    /// </summary>
    private async Task<int> PublishAndRemoveStaleTilesAsync(HeatmapManifest? previous, HeatmapManifest manifest, CancellationToken ct)
    {
        var current = manifest.Pyramids.ToDictionary(p => (p.Layer, p.Window), p => p.Tiles.ToHashSet(StringComparer.Ordinal));
        var staleByPyramid = new Dictionary<(string Layer, string Window), List<string>>();
        foreach (var pyramid in previous?.Pyramids ?? [])
        {
            current.TryGetValue((pyramid.Layer, pyramid.Window), out var kept);
            var stale = pyramid.Tiles.Concat(pyramid.StaleTiles ?? []).Where(t => kept?.Contains(t) != true && TileId.TryParse(t, out _)).Distinct().ToList();
            if (stale.Count > 0) staleByPyramid[(pyramid.Layer, pyramid.Window)] = stale;
        }
        if (staleByPyramid.Count == 0)
        {
            await store.WriteDocumentAsync(HeatmapDocuments.ManifestPath, HeatmapDocuments.Serialize(manifest), ct);
            return 0;
        }

        // Pyramids that no longer exist (a category left the catalog) keep an entry until their tiles are gone.
        var withStale = manifest with
        {
            Pyramids = manifest.Pyramids
                .Select(p => staleByPyramid.TryGetValue((p.Layer, p.Window), out var s) ? p with { StaleTiles = s } : p)
                .Concat(staleByPyramid.Where(s => !current.ContainsKey(s.Key)).Select(s => new HeatmapPyramidEntry
                {
                    Layer = s.Key.Layer, Window = s.Key.Window, Incidents = 0, Simulated = false,
                    MaxIntensityByZoom = new Dictionary<string, double>(), Tiles = [], StaleTiles = s.Value,
                }))
                .ToList(),
        };
        await store.WriteDocumentAsync(HeatmapDocuments.ManifestPath, HeatmapDocuments.Serialize(withStale), ct);

        var deletes = staleByPyramid.SelectMany(s => s.Value.Select(t => (s.Key.Layer, s.Key.Window, Tile: TileId.TryParse(t, out var id) ? id : default)));
        await Parallel.ForEachAsync(deletes, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            (s, token) => new ValueTask(store.DeleteTileAsync(s.Layer, s.Window, s.Tile.Z, s.Tile.X, s.Tile.Y, token)));

        await store.WriteDocumentAsync(HeatmapDocuments.ManifestPath, HeatmapDocuments.Serialize(manifest), ct);
        return staleByPyramid.Sum(s => s.Value.Count);
    }

    private static void Validate(HeatmapOptions o)
    {
        if (o.MinZoom < 0 || o.MaxZoom > TileMath.MaxSupportedZoom || o.MinZoom > o.MaxZoom)
            throw new InvalidOperationException($"Heatmaps:MinZoom..MaxZoom must lie in 0..{TileMath.MaxSupportedZoom} with MinZoom <= MaxZoom (got {o.MinZoom}..{o.MaxZoom}).");
        if (!(o.KernelRadiusMeters > 0))
            throw new InvalidOperationException($"Heatmaps:KernelRadiusMeters must be positive (got {o.KernelRadiusMeters}).");
    }
}
