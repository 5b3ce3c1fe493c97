using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;
using Yunbao.Application.Heatmaps;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Geo;
using Yunbao.Domain.Heatmaps;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.Tiles;
using Yunbao.Infrastructure.Imaging;

namespace Yunbao.Application.Tests.Heatmaps;

/// <summary>
/// The rollup's grid engine against the exact per-incident renderer (<see cref="HeatmapScene"/>): the decoded tiles of a
/// whole pyramid, pixel by pixel, within the tolerance the heatmaps README states.
/// </summary>
public sealed class GridEngineMatchesExactRendererTests(ITestOutputHelper output)
{
    private const string District = "lize";
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 6, 0, 0, TimeSpan.Zero);

    /// <summary>The README's bound: each pixel's intensity within this fraction of the zoom's full heat.</summary>
    private const double Tolerance = 0.03;

    [Theory]
    [InlineData(20.0)]
    [InlineData(60.0)]
    public async Task Decoded_pyramid_matches_the_exact_renderer_within_the_stated_tolerance(double radiusMeters)
    {
        var district = new DistrictOptions();
        var rng = new Random(7);
        var incidents = new InMemoryIncidentRepository();
        var points = new List<HeatPoint>();
        // Three clusters and some lone incidents: dense heat and single kernels both.
        var centres = new[] { new GeoPoint(116.3004, 39.8603), new GeoPoint(116.3101, 39.8655), new GeoPoint(116.3187, 39.8712) };
        for (var i = 0; i < 150; i++)
        {
            var c = centres[i % 3];
            var where = i < 135
                ? new GeoPoint(c.Lon + Gaussian(rng) * 0.0006, c.Lat + Gaussian(rng) * 0.0004)
                : new GeoPoint(district.West + rng.NextDouble() * (district.East - district.West), district.South + rng.NextDouble() * (district.North - district.South));
            points.Add(new HeatPoint(where));
            incidents.Add(new Incident
            {
                Id = $"i{i}", DistrictId = District, CategoryCode = "illegal-parking", Source = EventSource.PatrolVehicle,
                Location = where, ObservedAt = Now - TimeSpan.FromHours(1 + i % 20), Simulated = true, Provider = "simulation",
            });
        }
        var store = new InMemoryHeatmapStore();
        var options = new HeatmapOptions { KernelRadiusMeters = radiusMeters };
        await new HeatmapRollupService(incidents, store, new CategoryCatalog([Category()]), Options.Create(options), Options.Create(district),
            new FakeTimeProvider(Now), NullLogger<HeatmapRollupService>.Instance).RollupAsync(District, default);

        var levelsOf = LevelsByColour();
        var intensity = new float[TileMath.TileSize * TileMath.TileSize];
        for (var z = options.MinZoom; z <= options.MaxZoom; z++)
        {
            var scene = HeatmapScene.Build(points, z, radiusMeters, district.Bounds);
            // Tiles neither renderer draws are transparent in both: compare the rest.
            var written = store.Tiles.Keys.Where(k => k.StartsWith($"all/24h/{z}/", StringComparison.Ordinal))
                .Select(k => TileId.TryParse(k["all/24h/".Length..], out var t) ? t : default);
            var tiles = scene.Tiles.Union(written).ToList();
            var exactMax = tiles.Max(t => scene.Render(t, intensity));
            int compared = 0, nearLevel = 0;
            double worst = 0;
            foreach (var tile in tiles)
            {
                scene.Render(tile, intensity);
                var decoded = store.Tiles.TryGetValue(InMemoryHeatmapStore.Key("all", "24h", z, tile.X, tile.Y), out var png)
                    ? SkiaImageDecoder.DecodeRgba(png) : null;
                for (var p = 0; p < intensity.Length; p++)
                {
                    var colour = decoded is null ? default : decoded[p % TileMath.TileSize, p / TileMath.TileSize];
                    var (lowest, highest) = levelsOf[colour];
                    var expected = Level(intensity[p] / exactMax);
                    // The level shown must be the level of some intensity within the tolerance of the exact one (±1 for rounding).
                    var lo = Level(Math.Max(0, intensity[p] / exactMax - Tolerance));
                    var hi = Level(Math.Min(1, intensity[p] / exactMax + Tolerance));
                    Assert.True(highest >= lo - 1 && lowest <= hi + 1,
                        $"z{z} {tile} pixel {p % 256},{p / 256}: shows level {lowest}..{highest}, exact {expected} (allowed {lo}..{hi})");
                    worst = Math.Max(worst, Math.Min(Math.Abs(lowest - expected), Math.Abs(highest - expected)));
                    compared++;
                    if (lowest - 3 <= expected && expected <= highest + 3) nearLevel++;
                }
            }
            output.WriteLine($"r={radiusMeters} m z{z}: {compared} px, {100.0 * nearLevel / compared:F1}% within 3 levels, worst {worst} levels");
            Assert.True(nearLevel > 0.95 * compared, $"z{z}: only {nearLevel} of {compared} pixels within 3 levels of the exact one");
        }
    }

    private static int Level(double fraction) => fraction <= 0 ? 0 : (int)Math.Min(255, Math.Sqrt(fraction) * 255 + 0.5);

    /// <summary>Each ramp colour's range of levels (neighbouring levels can round to one colour); transparent is level 0.</summary>
    private static Dictionary<(byte, byte, byte, byte), (int Lowest, int Highest)> LevelsByColour()
    {
        var map = new Dictionary<(byte, byte, byte, byte), (int, int)> { [default] = (0, 0) };
        var palette = HeatmapColorRamp.Palette;
        for (var level = 1; level < 256; level++)
        {
            var c = (palette[level * 4], palette[level * 4 + 1], palette[level * 4 + 2], palette[level * 4 + 3]);
            map[c] = map.TryGetValue(c, out var r) ? (Math.Min(r.Item1, level), Math.Max(r.Item2, level)) : (level, level);
        }
        return map;
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static ViolationCategory Category() => new()
    {
        Code = "illegal-parking", NameZh = "机动车违停", NameEn = "Illegal parking", DefaultSeverity = Severity.High, DispatchSlaMinutes = 30,
        ResolveSlaMinutes = 120, DedupeRadiusMeters = 30, DedupeWindowMinutes = 60, EvidenceLabels = ["illegal-parking"], Zones = [ZoneType.Other],
    };
}
