using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Application;
using Yunbao.Application.Heatmaps;
using Yunbao.Application.Ports;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Geo;
using Yunbao.Domain.Heatmaps;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.Tiles;
using Yunbao.Infrastructure.Imaging;

namespace Yunbao.Application.Tests.Heatmaps;

public sealed class HeatmapRollupServiceTests
{
    private const string District = "lize";
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 6, 0, 0, TimeSpan.Zero);

    // Three incidents far apart (> 2 kernel radii), in three windows, two categories, two sources.
    private static readonly GeoPoint ParkingToday = new(116.3004, 39.8603);
    private static readonly GeoPoint LaundryThisWeek = new(116.3187, 39.8712);
    private static readonly GeoPoint ParkingThisMonth = new(116.3101, 39.8655);
    private static readonly GeoPoint ParkingLastMonth = new(116.3222, 39.8571);
    private static readonly GeoPoint EmptyCorner = new(116.2952, 39.8748);

    private readonly InMemoryIncidentRepository _incidents = new();
    private readonly InMemoryHeatmapStore _store = new();
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly HeatmapOptions _options = new() { TileBaseUrl = "http://127.0.0.1:7071/api/heatmaps/" };

    private static CategoryCatalog Catalog() => new(
    [
        Category("illegal-parking", "机动车违停", "Illegal parking", Severity.High),
        Category("street-laundry", "沿街晾晒", "Street-side laundry drying", Severity.Low),
    ]);

    private static ViolationCategory Category(string code, string zh, string en, Severity severity) => new()
    {
        Code = code, NameZh = zh, NameEn = en, DefaultSeverity = severity, DispatchSlaMinutes = 30, ResolveSlaMinutes = 120,
        DedupeRadiusMeters = 30, DedupeWindowMinutes = 60, EvidenceLabels = [code], Zones = [ZoneType.Other],
    };

    private static Incident Incident(string id, string category, EventSource source, GeoPoint where, TimeSpan age, bool simulated) => new()
    {
        Id = id, DistrictId = District, CategoryCode = category, Source = source, Location = where,
        ObservedAt = Now - age, Simulated = simulated, Provider = simulated ? "simulation" : "citizen",
    };

    private void SeedThree()
    {
        _incidents.Add(
            Incident("a", "illegal-parking", EventSource.PatrolVehicle, ParkingToday, TimeSpan.FromHours(1), simulated: true),
            Incident("b", "street-laundry", EventSource.Citizen, LaundryThisWeek, TimeSpan.FromDays(3), simulated: false),
            Incident("c", "illegal-parking", EventSource.PatrolVehicle, ParkingThisMonth, TimeSpan.FromDays(20), simulated: true),
            Incident("d", "illegal-parking", EventSource.PatrolVehicle, ParkingLastMonth, TimeSpan.FromDays(40), simulated: true),
            Incident("other-district", "illegal-parking", EventSource.PatrolVehicle, EmptyCorner, TimeSpan.FromHours(2), simulated: true) with { DistrictId = "elsewhere" });
    }

    private HeatmapRollupService Service(IHeatmapStore? store = null) => new(
        _incidents, store ?? _store, Catalog(),
        Options.Create(_options), Options.Create(new DistrictOptions()), _clock, NullLogger<HeatmapRollupService>.Instance);

    [Theory]
    [InlineData(12)]
    [InlineData(14)]
    [InlineData(16)]
    [InlineData(18)]
    public async Task Hottest_pixels_sit_on_the_incidents(int z)
    {
        SeedThree();
        await Service().RollupAsync(District, default);
        var map = new TileMosaic(_store, "all", "30d", z);
        foreach (var incident in new[] { ParkingToday, LaundryThisWeek, ParkingThisMonth })
        {
            var (px, py) = TileMath.ToGlobalPixel(incident, z);
            var radius = (int)Math.Ceiling(HeatmapKernel.Place(incident, 1, _options.KernelRadiusMeters, z).RadiusPixels);
            var hottest = map.HottestPixels((int)px, (int)py, radius);
            var cx = hottest.Average(p => p.X);
            var cy = hottest.Average(p => p.Y);
            // The density grid's nodes are up to radius/8 apart: its flat top of full-heat pixels is centred within radius/16.
            var slack = Math.Max(1.5, radius / 16.0);
            Assert.InRange(cx, Math.Floor(px) - slack, Math.Floor(px) + slack);
            Assert.InRange(cy, Math.Floor(py) - slack, Math.Floor(py) + slack);
            // Heat is there and fades out within one kernel radius (plus the grid's two node steps, README).
            var beyond = (int)Math.Ceiling(radius * 1.25) + 2;
            Assert.True(map.Pixel((int)px, (int)py).A > 100);
            Assert.Equal(0, map.Pixel((int)px + beyond, (int)py).A);
            Assert.Equal(0, map.Pixel((int)px, (int)py - beyond).A);
        }
        // Equal isolated incidents all reach full heat at high zoom, where the kernel is well sampled.
        if (z >= 16)
            foreach (var incident in new[] { ParkingToday, LaundryThisWeek, ParkingThisMonth })
            {
                var (px, py) = TileMath.ToGlobalPixel(incident, z);
                AssertFullHeat(map.Pixel((int)px, (int)py));
            }
    }

    [Fact]
    public async Task Only_tiles_with_heat_are_written()
    {
        SeedThree();
        var result = await Service().RollupAsync(District, default);
        var radius = _options.KernelRadiusMeters;
        Assert.Equal(_store.Tiles.Count, result.TilesWritten);
        foreach (var key in _store.Tiles.Keys.Where(k => k.StartsWith("all/30d/")))
        {
            Assert.True(TileId.TryParse(key["all/30d/".Length..], out var tile));
            var b = TileMath.TileBounds(tile);
            var near = new[] { ParkingToday, LaundryThisWeek, ParkingThisMonth }.Any(p =>
                new GeoPoint(Math.Clamp(p.Lon, b.West, b.East), Math.Clamp(p.Lat, b.South, b.North)).DistanceTo(p) <= radius * 1.3);
            Assert.True(near, $"{tile} has no incident within the kernel radius");
        }
        // From z16 on (tiles ≤ 600 m) the old incident and the empty corner have tiles of their own.
        for (var z = 16; z <= 18; z++)
        {
            Assert.DoesNotContain(Key("all", "30d", TileMath.TileAt(ParkingLastMonth, z)), _store.Tiles.Keys);
            Assert.DoesNotContain(Key("all", "30d", TileMath.TileAt(EmptyCorner, z)), _store.Tiles.Keys);
        }
        // Each isolated kernel (radius ~131 px at z18) touches at most 2×2 tiles.
        Assert.InRange(_store.TilesOf("all", "30d").Count(t => t.StartsWith("18/")), 3, 12);
        // A full pyramid of every layer and window would be thousands of tiles.
        Assert.True(result.TilesWritten < 300, $"{result.TilesWritten} tiles");
    }

    [Fact]
    public async Task Category_and_source_layers_contain_only_their_incidents()
    {
        SeedThree();
        await Service().RollupAsync(District, default);
        const int z = 17;
        AssertHeat("illegal-parking", "30d", z, hot: [ParkingToday, ParkingThisMonth], cold: [LaundryThisWeek]);
        AssertHeat("street-laundry", "30d", z, hot: [LaundryThisWeek], cold: [ParkingToday, ParkingThisMonth]);
        AssertHeat("source-citizen", "30d", z, hot: [LaundryThisWeek], cold: [ParkingToday, ParkingThisMonth]);
        AssertHeat("source-patrolvehicle", "30d", z, hot: [ParkingToday, ParkingThisMonth], cold: [LaundryThisWeek]);
        Assert.Empty(_store.TilesOf("source-sensor", "30d"));
        Assert.Empty(_store.TilesOf("source-fixedcamera", "30d"));
    }

    [Fact]
    public async Task Windows_exclude_older_incidents()
    {
        SeedThree();
        await Service().RollupAsync(District, default);
        const int z = 16;
        AssertHeat("all", "24h", z, hot: [ParkingToday], cold: [LaundryThisWeek, ParkingThisMonth, ParkingLastMonth]);
        AssertHeat("all", "7d", z, hot: [ParkingToday, LaundryThisWeek], cold: [ParkingThisMonth, ParkingLastMonth]);
        AssertHeat("all", "30d", z, hot: [ParkingToday, LaundryThisWeek, ParkingThisMonth], cold: [ParkingLastMonth]);
    }

    [Fact]
    public async Task Colours_compare_across_tiles_of_a_zoom()
    {
        // Two incidents on one spot are twice as hot as one elsewhere, even though they are drawn in different tiles.
        _incidents.Add(
            Incident("p1", "illegal-parking", EventSource.PatrolVehicle, ParkingToday, TimeSpan.FromHours(1), true),
            Incident("p2", "illegal-parking", EventSource.PatrolVehicle, ParkingToday, TimeSpan.FromHours(2), true),
            Incident("q", "illegal-parking", EventSource.PatrolVehicle, LaundryThisWeek, TimeSpan.FromHours(3), true));
        await Service().RollupAsync(District, default);
        const int z = 18;
        Assert.NotEqual(TileMath.TileAt(ParkingToday, z), TileMath.TileAt(LaundryThisWeek, z));
        var map = new TileMosaic(_store, "all", "24h", z);
        var (dx, dy) = TileMath.ToGlobalPixel(ParkingToday, z);
        var (sx, sy) = TileMath.ToGlobalPixel(LaundryThisWeek, z);
        AssertFullHeat(map.Pixel((int)dx, (int)dy));
        var single = map.Pixel((int)sx, (int)sy);
        var half = HeatmapColorRamp.ColorAt(HeatmapColorRamp.RampPosition(1, 2));
        Assert.InRange(single.A, half.A - 3, half.A + 3);
        Assert.True(single.R > 240 && single.G > 200, "half heat is yellow on the ramp");
        var manifest = ReadManifest();
        var all24 = manifest.Find("all", "24h")!;
        var laundryOnly = manifest.Find("street-laundry", "24h")!;
        Assert.Equal(7, all24.MaxIntensityByZoom.Count);
        Assert.Empty(laundryOnly.MaxIntensityByZoom);
    }

    [Fact]
    public async Task A_second_run_after_incidents_expire_removes_their_tiles()
    {
        SeedThree();
        var service = Service();
        await service.RollupAsync(District, default);
        Assert.NotEmpty(_store.TilesOf("all", "24h"));
        var before30 = _store.TilesOf("all", "30d");

        _clock.Advance(TimeSpan.FromDays(2)); // today's parking leaves the 24h window
        await service.RollupAsync(District, default);
        Assert.Empty(_store.TilesOf("all", "24h"));
        Assert.Empty(_store.TilesOf("illegal-parking", "24h"));
        Assert.Equal(before30, _store.TilesOf("all", "30d"));
        AssertStoreMatchesManifest();

        _clock.Advance(TimeSpan.FromDays(31)); // everything is older than 30 days
        var result = await service.RollupAsync(District, default);
        Assert.Equal(0, result.IncidentsCounted);
        Assert.Equal(0, result.TilesWritten);
        Assert.Empty(_store.Tiles);
        AssertStoreMatchesManifest();
        Assert.Equal(8 * 3, ReadManifest().Pyramids.Count);
    }

    [Fact]
    public async Task Stale_tiles_a_failed_clean_up_left_behind_are_removed_by_the_next_run()
    {
        SeedThree();
        var service = Service();
        await service.RollupAsync(District, default);
        var before = _store.Tiles.Keys.ToHashSet();

        _clock.Advance(TimeSpan.FromDays(31)); // everything expires
        _store.FailDeletesAfter = 3;
        await Assert.ThrowsAnyAsync<Exception>(() => service.RollupAsync(District, default));
        Assert.NotEmpty(_store.Tiles);
        var pending = ReadManifest().Pyramids.SelectMany(p => (p.StaleTiles ?? []).Select(t => $"{p.Layer}/{p.Window}/{t}")).ToHashSet();
        Assert.Equal(before, pending);

        _store.FailDeletesAfter = null;
        await service.RollupAsync(District, default);
        Assert.Empty(_store.Tiles);
        Assert.All(ReadManifest().Pyramids, p => Assert.Null(p.StaleTiles));
        Assert.DoesNotContain("staleTiles", _store.Documents[HeatmapDocuments.ManifestPath]);
    }

    [Fact]
    public async Task Tiles_written_by_a_run_that_died_are_cleaned_up_later()
    {
        SeedThree();
        var service = Service();
        await service.RollupAsync(District, default);

        // New incidents elsewhere; the run dies after writing a few of their tiles, before its manifest is final.
        _incidents.Add(
            Incident("e", "street-laundry", EventSource.Citizen, new GeoPoint(116.2987, 39.8722), TimeSpan.FromHours(1), false),
            Incident("f", "street-laundry", EventSource.Citizen, new GeoPoint(116.3231, 39.8566), TimeSpan.FromHours(1), false));
        _clock.Advance(TimeSpan.FromHours(1));
        _store.FailWritesAfter = _store.TileWrites + 5;
        await Assert.ThrowsAnyAsync<Exception>(() => service.RollupAsync(District, default));
        var orphans = _store.Tiles.Keys.Except(ReadManifest().Pyramids.SelectMany(p => p.Tiles.Select(t => $"{p.Layer}/{p.Window}/{t}"))).ToList();
        Assert.NotEmpty(orphans);

        _store.FailWritesAfter = null;
        _clock.Advance(TimeSpan.FromDays(31)); // everything expires
        await service.RollupAsync(District, default);
        Assert.Empty(_store.Tiles);
    }

    [Fact]
    public async Task A_store_without_delete_gets_stale_tiles_overwritten_transparent()
    {
        SeedThree();
        var store = new WriteOnlyHeatmapStore();
        var service = Service(store);
        await service.RollupAsync(District, default);
        var stale = store.Tiles.Keys.Where(k => k.StartsWith("all/24h/")).ToList();
        Assert.NotEmpty(stale);
        _clock.Advance(TimeSpan.FromDays(2));
        await service.RollupAsync(District, default);
        foreach (var key in stale)
            Assert.Equal(TransparentTile.Png.ToArray(), store.Tiles[key]);
    }

    [Fact]
    public async Task Manifest_counts_what_was_rolled_up()
    {
        SeedThree();
        var result = await Service().RollupAsync(District, default);
        Assert.Equal(Now, result.GeneratedAt);
        Assert.Equal(3, result.IncidentsCounted);

        var json = _store.Documents[HeatmapDocuments.ManifestPath];
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("lize", doc.RootElement.GetProperty("districtId").GetString());
        Assert.Equal(Now, doc.RootElement.GetProperty("generatedAt").GetDateTimeOffset());
        Assert.True(doc.RootElement.GetProperty("simulated").GetBoolean());
        Assert.Equal(["24h", "7d", "30d"], doc.RootElement.GetProperty("windows").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(
            ["all", "illegal-parking", "street-laundry", "source-patrolvehicle", "source-fixedcamera", "source-sensor", "source-citizen", "source-steward"],
            doc.RootElement.GetProperty("layers").EnumerateArray().Select(e => e.GetString()));

        var manifest = ReadManifest();
        Assert.Equal(3, manifest.IncidentsCounted);
        Assert.Equal(result.TilesWritten, manifest.TilesWritten);
        Assert.Equal(result.MaxIntensity, manifest.MaxIntensity);
        Assert.Equal(8 * 3, manifest.Pyramids.Count);
        Assert.Equal(1, manifest.Find("all", "24h")!.Incidents);
        Assert.Equal(2, manifest.Find("all", "7d")!.Incidents);
        Assert.Equal(3, manifest.Find("all", "30d")!.Incidents);
        Assert.Equal(2, manifest.Find("illegal-parking", "30d")!.Incidents);
        Assert.Equal(1, manifest.Find("source-citizen", "30d")!.Incidents);
        Assert.Equal(0, manifest.Find("source-sensor", "30d")!.Incidents);
        Assert.False(manifest.Find("street-laundry", "30d")!.Simulated);
        Assert.True(manifest.Find("illegal-parking", "30d")!.Simulated);
        Assert.Equal(Enumerable.Range(12, 7).Select(z => z.ToString()), manifest.Find("all", "30d")!.MaxIntensityByZoom.Keys);
        Assert.All(manifest.Find("all", "30d")!.MaxIntensityByZoom.Values, v => Assert.True(v > 0));
        AssertStoreMatchesManifest();
    }

    [Fact]
    public async Task TileJson_describes_each_pyramid()
    {
        SeedThree();
        await Service().RollupAsync(District, default);
        Assert.Equal(8 * 3 + 1, _store.Documents.Count);

        using var all = JsonDocument.Parse(_store.Documents["all/24h/tilejson.json"]);
        var root = all.RootElement;
        Assert.Equal("3.0.0", root.GetProperty("tilejson").GetString());
        Assert.Equal("xyz", root.GetProperty("scheme").GetString());
        Assert.Equal(["http://127.0.0.1:7071/api/heatmaps/all/24h/{z}/{x}/{y}.png"], root.GetProperty("tiles").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(12, root.GetProperty("minzoom").GetInt32());
        Assert.Equal(18, root.GetProperty("maxzoom").GetInt32());
        Assert.Equal([116.295, 39.855, 116.325, 39.875], root.GetProperty("bounds").EnumerateArray().Select(e => e.GetDouble()));
        var center = root.GetProperty("center").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.True(new DistrictOptions().Bounds.Contains(new GeoPoint(center[0], center[1])));
        Assert.InRange(center[2], 12, 18);
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("name").GetString()));
        Assert.Contains("Lize", root.GetProperty("description").GetString());
        Assert.Contains("SIMULATED", root.GetProperty("attribution").GetString());

        using var laundry = JsonDocument.Parse(_store.Documents["street-laundry/30d/tilejson.json"]);
        Assert.DoesNotContain("SIMULATED", laundry.RootElement.GetProperty("attribution").GetString());
    }

    [Fact]
    public async Task Severity_weighting_makes_severe_incidents_hotter_when_enabled()
    {
        _incidents.Add(
            Incident("p", "illegal-parking", EventSource.PatrolVehicle, ParkingToday, TimeSpan.FromHours(1), true),    // High = 3
            Incident("l", "street-laundry", EventSource.PatrolVehicle, LaundryThisWeek, TimeSpan.FromHours(1), true)); // Low = 1
        _options.WeightBySeverity = true;
        await Service().RollupAsync(District, default);
        const int z = 18;
        var map = new TileMosaic(_store, "all", "24h", z);
        var (px, py) = TileMath.ToGlobalPixel(ParkingToday, z);
        var (lx, ly) = TileMath.ToGlobalPixel(LaundryThisWeek, z);
        Assert.Equal(HeatmapColorRamp.MaxAlpha, map.Pixel((int)px, (int)py).A);
        var third = HeatmapColorRamp.ColorAt(HeatmapColorRamp.RampPosition(1, 3)).A;
        Assert.InRange(map.Pixel((int)lx, (int)ly).A, third - 3, third + 3);
    }

    /// <summary>
    /// Red at (nearly) full alpha: a lone kernel's peak on the density grid can be up to ~2 % under the exact one, which the
    /// square-root ramp turns into a few of its 255 levels (README); the exact renderer gives level 255.
    /// </summary>
    private static void AssertFullHeat((byte R, byte G, byte B, byte A) pixel)
    {
        var nearlyFull = HeatmapColorRamp.ColorAt(247 / 255.0);
        Assert.Equal(255, pixel.R);
        Assert.InRange(pixel.G, 0, nearlyFull.G);
        Assert.InRange(pixel.A, nearlyFull.A, HeatmapColorRamp.MaxAlpha);
    }

    private void AssertHeat(string layer, string window, int z, GeoPoint[] hot, GeoPoint[] cold)
    {
        var map = new TileMosaic(_store, layer, window, z);
        foreach (var p in hot)
        {
            var (x, y) = TileMath.ToGlobalPixel(p, z);
            Assert.True(map.Pixel((int)x, (int)y).A > 150, $"{layer}/{window}: no heat at {p}");
        }
        foreach (var p in cold)
        {
            var (x, y) = TileMath.ToGlobalPixel(p, z);
            Assert.Equal(0, map.Pixel((int)x, (int)y).A);
        }
    }

    private HeatmapManifest ReadManifest() =>
        HeatmapDocuments.DeserializeManifest(_store.Documents[HeatmapDocuments.ManifestPath])!;

    private void AssertStoreMatchesManifest()
    {
        var manifest = ReadManifest();
        var listed = manifest.Pyramids.SelectMany(p => p.Tiles.Select(t => $"{p.Layer}/{p.Window}/{t}")).ToHashSet();
        Assert.Equal(listed, _store.Tiles.Keys.ToHashSet());
        Assert.Equal(manifest.TilesWritten, listed.Count);
    }

    private static string Key(string layer, string window, TileId t) => InMemoryHeatmapStore.Key(layer, window, t.Z, t.X, t.Y);

    /// <summary>Reads a pyramid's written tiles as one big image in global pixel coordinates; unwritten tiles are transparent.</summary>
    private sealed class TileMosaic(InMemoryHeatmapStore store, string layer, string window, int z)
    {
        private readonly Dictionary<(int, int), SkiaImageDecoder.RgbaImage?> _tiles = new();

        public (byte R, byte G, byte B, byte A) Pixel(int gx, int gy)
        {
            var key = (gx >> 8, gy >> 8);
            if (!_tiles.TryGetValue(key, out var image))
            {
                image = store.Tiles.TryGetValue(InMemoryHeatmapStore.Key(layer, window, z, key.Item1, key.Item2), out var png)
                    ? SkiaImageDecoder.DecodeRgba(png) : null;
                _tiles[key] = image;
            }
            return image is null ? default : image[gx & 255, gy & 255];
        }

        /// <summary>The pixels sharing the largest alpha (then the least green: reddest) within a square around a point.</summary>
        public List<(int X, int Y)> HottestPixels(int cx, int cy, int radius)
        {
            var best = (A: -1, NotGreen: -1);
            var hottest = new List<(int, int)>();
            for (var y = cy - radius; y <= cy + radius; y++)
                for (var x = cx - radius; x <= cx + radius; x++)
                {
                    var p = Pixel(x, y);
                    var score = (A: (int)p.A, NotGreen: 255 - p.G);
                    if (score.A == 0) continue;
                    var cmp = score.A != best.A ? score.A.CompareTo(best.A) : score.NotGreen.CompareTo(best.NotGreen);
                    if (cmp > 0) { best = score; hottest.Clear(); }
                    if (cmp >= 0) hottest.Add((x, y));
                }
            Assert.NotEmpty(hottest);
            return hottest;
        }
    }
}
