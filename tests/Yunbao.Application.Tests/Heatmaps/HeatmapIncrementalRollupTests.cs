using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Application;
using Yunbao.Application.Heatmaps;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Heatmaps;
using Yunbao.Domain.Incidents;

namespace Yunbao.Application.Tests.Heatmaps;

/// <summary>A rollup keeps pyramids whose inputs did not change, and what it publishes equals a full rebuild.</summary>
public sealed class HeatmapIncrementalRollupTests
{
    private const string District = "lize";
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 6, 0, 0, TimeSpan.Zero);

    private readonly InMemoryIncidentRepository _incidents = new();
    private readonly InMemoryHeatmapStore _store = new();
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly HeatmapOptions _options = new() { TileBaseUrl = "http://127.0.0.1:7071/api/heatmaps/", MaxZoom = 16 };

    private static CategoryCatalog Catalog() => new(
    [
        Category("illegal-parking", Severity.High),
        Category("street-laundry", Severity.Low),
    ]);

    private static ViolationCategory Category(string code, Severity severity) => new()
    {
        Code = code, NameZh = code, NameEn = code, DefaultSeverity = severity, DispatchSlaMinutes = 30, ResolveSlaMinutes = 120,
        DedupeRadiusMeters = 30, DedupeWindowMinutes = 60, EvidenceLabels = [code], Zones = [ZoneType.Other],
    };

    private Incident Incident(string id, string category, EventSource source, GeoPoint where, TimeSpan age) => new()
    {
        Id = id, DistrictId = District, CategoryCode = category, Source = source, Location = where,
        ObservedAt = _clock.GetUtcNow() - age, Simulated = true, Provider = "simulation",
    };

    private HeatmapRollupService Service(InMemoryHeatmapStore store) => new(
        _incidents, store, Catalog(),
        Options.Create(_options), Options.Create(new DistrictOptions()), _clock, NullLogger<HeatmapRollupService>.Instance);

    private void SeedParking()
    {
        _incidents.Add(
            Incident("p1", "illegal-parking", EventSource.PatrolVehicle, new GeoPoint(116.3004, 39.8603), TimeSpan.FromHours(2)),
            Incident("p2", "illegal-parking", EventSource.PatrolVehicle, new GeoPoint(116.3101, 39.8655), TimeSpan.FromDays(3)));
    }

    /// <summary>A full rebuild of the same incidents at the same time into an empty store.</summary>
    private async Task<InMemoryHeatmapStore> FullRebuildAsync()
    {
        var fresh = new InMemoryHeatmapStore();
        await Service(fresh).RollupAsync(District, default);
        return fresh;
    }

    private static void AssertSameHeatmaps(InMemoryHeatmapStore expected, InMemoryHeatmapStore actual)
    {
        Assert.Equal(expected.Tiles.Keys.Order(), actual.Tiles.Keys.Order());
        foreach (var (key, png) in expected.Tiles)
            Assert.True(png.AsSpan().SequenceEqual(actual.Tiles[key]), $"tile {key} differs from a full rebuild");
        Assert.Equal(expected.Documents.Keys.Order(), actual.Documents.Keys.Order());
        foreach (var (path, json) in expected.Documents.Where(d => d.Key != HeatmapDocuments.ManifestPath))
            Assert.Equal(json, actual.Documents[path]);
        var a = HeatmapDocuments.DeserializeManifest(expected.Documents[HeatmapDocuments.ManifestPath])!;
        var b = HeatmapDocuments.DeserializeManifest(actual.Documents[HeatmapDocuments.ManifestPath])!;
        Assert.Equal(a.TilesWritten, b.TilesWritten);
        Assert.Equal(a.IncidentsCounted, b.IncidentsCounted);
        foreach (var p in a.Pyramids)
        {
            var q = b.Find(p.Layer, p.Window)!;
            Assert.Equal(p.Tiles, q.Tiles);
            Assert.Equal(p.MaxIntensityByZoom, q.MaxIntensityByZoom);
            Assert.Equal(p.Fingerprint, q.Fingerprint);
            Assert.Equal(p.TileHashes, q.TileHashes);
            Assert.Null(q.StaleTiles);
        }
    }

    [Fact]
    public async Task A_rollup_with_nothing_new_writes_no_tiles()
    {
        SeedParking();
        var service = Service(_store);
        var first = await service.RollupAsync(District, default);
        Assert.True(first.TilesRendered > 0);
        var writes = _store.TileWrites;
        var tiles = _store.Tiles.ToDictionary(t => t.Key, t => t.Value);

        _clock.Advance(TimeSpan.FromMinutes(30)); // still inside every window
        var second = await service.RollupAsync(District, default);

        Assert.Equal(writes, _store.TileWrites);
        Assert.Equal(0, second.TilesRendered);
        Assert.Equal(0, second.PyramidsRendered);
        Assert.Equal(first.TilesWritten, second.TilesWritten);
        Assert.All(tiles, t => Assert.Same(t.Value, _store.Tiles[t.Key]));
        AssertSameHeatmaps(await FullRebuildAsync(), _store);
    }

    [Fact]
    public async Task A_new_incident_redraws_only_its_pyramids_and_matches_a_full_rebuild()
    {
        SeedParking();
        var service = Service(_store);
        await service.RollupAsync(District, default);
        var written = _store.TileWriteLog.Count;

        _clock.Advance(TimeSpan.FromHours(1));
        _incidents.Add(Incident("l1", "street-laundry", EventSource.Citizen, new GeoPoint(116.3187, 39.8712), TimeSpan.FromMinutes(10)));
        var result = await service.RollupAsync(District, default);

        var redrawn = _store.TileWriteLog.Skip(written).Select(k => string.Join('/', k.Split('/').Take(2))).ToHashSet();
        // all, street-laundry and source-citizen in each window: 9 pyramids; parking and patrol pyramids are kept.
        Assert.Equal(9, result.PyramidsRendered);
        Assert.Subset(new[] { "all", "street-laundry", "source-citizen" }.SelectMany(l => new[] { "24h", "7d", "30d" }.Select(w => $"{l}/{w}")).ToHashSet(), redrawn);
        Assert.DoesNotContain(redrawn, k => k.StartsWith("illegal-parking/") || k.StartsWith("source-patrolvehicle/"));
        AssertSameHeatmaps(await FullRebuildAsync(), _store);
    }

    [Fact]
    public async Task Tiles_whose_pixels_did_not_change_are_not_written_again()
    {
        SeedParking();
        // Two incidents on one spot set each zoom's maximum, so one more single incident cannot change it (a single
        // kernel's peak on the density grid varies by a percent or so with where it falls between nodes).
        var hot = new GeoPoint(116.3050, 39.8630);
        _incidents.Add(
            Incident("h1", "illegal-parking", EventSource.PatrolVehicle, hot, TimeSpan.FromHours(3)),
            Incident("h2", "illegal-parking", EventSource.PatrolVehicle, hot, TimeSpan.FromHours(4)));
        var service = Service(_store);
        await service.RollupAsync(District, default);
        var written = _store.TileWriteLog.Count;
        var parkingTiles = _store.TilesOf("all", "30d");

        // An equal, isolated incident far from the others: the zoom maxima stay, so only tiles around it change.
        _clock.Advance(TimeSpan.FromHours(1));
        var far = new GeoPoint(116.3222, 39.8571);
        _incidents.Add(Incident("p3", "illegal-parking", EventSource.PatrolVehicle, far, TimeSpan.FromMinutes(10)));
        var result = await service.RollupAsync(District, default);

        var rewritten = _store.TileWriteLog.Skip(written).Where(k => k.StartsWith("all/30d/")).Select(k => k["all/30d/".Length..]).ToHashSet();
        Assert.NotEmpty(rewritten);
        for (var z = 16; z <= _options.MaxZoom; z++)
            Assert.Contains(Yunbao.Domain.Tiles.TileMath.TileAt(far, z).ToString(), rewritten);
        var untouched = parkingTiles.Where(t => t.StartsWith("16/")).Except(rewritten).ToList();
        Assert.NotEmpty(untouched);   // at z16 the old incidents' tiles are drawn again but not written
        Assert.True(result.TilesRendered < result.TilesWritten, $"{result.TilesRendered} of {result.TilesWritten} tiles written");
        AssertSameHeatmaps(await FullRebuildAsync(), _store);
    }

    [Fact]
    public async Task An_incident_leaving_a_window_redraws_that_window_and_matches_a_full_rebuild()
    {
        SeedParking();
        var service = Service(_store);
        await service.RollupAsync(District, default);

        _clock.Advance(TimeSpan.FromHours(23)); // p1 leaves the 24h window; the 7d and 30d windows keep both
        var result = await service.RollupAsync(District, default);

        Assert.Equal(3, result.PyramidsRendered); // all, illegal-parking, source-patrolvehicle for 24h
        Assert.Empty(_store.TilesOf("all", "24h"));
        AssertSameHeatmaps(await FullRebuildAsync(), _store);
    }

    [Fact]
    public async Task A_rollup_that_died_while_drawing_is_redrawn_completely_by_the_next_one()
    {
        SeedParking();
        var service = Service(_store);
        await service.RollupAsync(District, default);

        _clock.Advance(TimeSpan.FromHours(1));
        _incidents.Add(Incident("p3", "illegal-parking", EventSource.PatrolVehicle, new GeoPoint(116.3005, 39.8604), TimeSpan.FromMinutes(5)));
        _store.FailWritesAfter = _store.TileWrites + 3;
        await Assert.ThrowsAnyAsync<Exception>(() => service.RollupAsync(District, default));
        // The pyramids it was drawing lost their fingerprint, so half-written tiles are never taken as up to date.
        var halfway = HeatmapDocuments.DeserializeManifest(_store.Documents[HeatmapDocuments.ManifestPath])!;
        Assert.Null(halfway.Find("all", "24h")!.Fingerprint);
        Assert.NotNull(halfway.Find("street-laundry", "24h")!.Fingerprint);

        _store.FailWritesAfter = null;
        await service.RollupAsync(District, default);
        AssertSameHeatmaps(await FullRebuildAsync(), _store);
    }

    [Fact]
    public async Task Changed_drawing_options_redraw_every_pyramid()
    {
        SeedParking();
        await Service(_store).RollupAsync(District, default);

        _options.KernelRadiusMeters = 90;
        var result = await Service(_store).RollupAsync(District, default);

        Assert.Equal(HeatmapLayers.For(Catalog()).Count * HeatmapLayers.Windows.Count, result.PyramidsRendered);
        AssertSameHeatmaps(await FullRebuildAsync(), _store);
    }
}
