using System.Diagnostics;
using System.Globalization;
using Yunbao.Application;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.Heatmaps;
using Yunbao.Domain.Tiles;

namespace Yunbao.Bench;

/// <summary>
/// One pyramid (zooms 12–18) of clustered incidents in Lize drawn by the rollup's grid engine: density grids, tiles,
/// ramp levels and paletted PNGs, in memory (no store). 10k / 100k / 1M incidents × 20 m and 60 m kernels, with the
/// classic GDAL pipeline on the same points when gdal_grid is installed. Peak = the process's largest working set
/// sampled every 5 ms during the case (it includes the runtime and the input points).
/// </summary>
internal static class HeatmapEngineBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = args.Contains("--quick") ? new[] { 10_000, 100_000 } : [10_000, 100_000, 1_000_000];
        var runs = BenchSupport.IntOption(args, "--runs", 3);
        var district = new DistrictOptions();
        var gdal = FindOnPath("gdal_grid") is not null && FindOnPath("gdal2tiles.py") is not null;

        Console.WriteLine();
        Console.WriteLine("Heatmap engine: one pyramid, zooms 12-18, clustered incidents in Lize (grids + tiles + paletted PNG, in memory)");
        Console.WriteLine($"{Environment.ProcessorCount} cores; best of {runs} runs; targets at 1M: 20 m <= 0.9 s and <= 200 MiB, 60 m <= 2x the 20 m time");
        Console.WriteLine(gdal ? "GDAL found: gdal_grid count -> gdaldem color-relief -> gdal2tiles on the same points" : "GDAL: gdal_grid/gdal2tiles.py not installed, comparison skipped (apt-get install gdal-bin)");
        Console.WriteLine("wall = best wall seconds; CPU = that run's processor seconds (all threads): on a shared, loaded machine CPU/cores is the fairer figure");
        Console.WriteLine(" incidents  kernel    wall s   CPU s   tiles  PNG (MB)  peak MiB   GDAL s   GDAL/engine");
        foreach (var n in sizes)
        {
            var points = PlacedPoints.From(Clustered(n, district, new Random(20261203)));
            foreach (var radius in new[] { 20.0, 60.0 })
            {
                var best = double.MaxValue;
                var cpu = 0.0;
                long bytes = 0, peak = 0;
                var tiles = 0;
                for (var run = 0; run < runs; run++)
                {
                    GC.Collect();
                    using var sampler = new PeakSampler();
                    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                    var sw = Stopwatch.StartNew();
                    (tiles, bytes) = RenderPyramid(points, radius, district);
                    sw.Stop();
                    if (sw.Elapsed.TotalSeconds < best) cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
                    best = Math.Min(best, sw.Elapsed.TotalSeconds);
                    peak = Math.Max(peak, sampler.Stop());
                }
                var gdalSeconds = gdal ? await GdalPipeline.RunAsync(Clustered(n, district, new Random(20261203)), radius, district) : (double?)null;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{n,10}  {radius,4:F0} m  {best,8:F3}  {cpu,6:F2}  {tiles,6}  {bytes / 1e6,8:F1}  {peak / 1048576.0,8:F0}  {(gdalSeconds is { } g ? g.ToString("F2", CultureInfo.InvariantCulture) : "-"),7}  {(gdalSeconds is { } r ? (r / best).ToString("F1", CultureInfo.InvariantCulture) + "x" : "-"),12}"));
            }
        }
        return 0;
    }

    /// <summary>What the rollup does for one pyramid, minus hashing and the store.</summary>
    internal static (int Tiles, long Bytes) RenderPyramid(PlacedPoints points, double radiusMeters, DistrictOptions district)
    {
        var zooms = Enumerable.Range(12, 7).ToArray();
        var grids = new DensityGrid[zooms.Length];
        Parallel.For(0, zooms.Length, k => grids[k] = DensityGrid.Build(points, zooms[k], radiusMeters, district.Bounds));
        var work = grids.SelectMany(g => g.TilesWithHeat().Select(t => (Grid: g, Tile: t))).ToArray();
        long bytes = 0;
        var tiles = 0;
        Parallel.ForEach(work, () => (Intensity: new float[65536], Levels: new byte[65536]), (item, _, buffers) =>
        {
            item.Grid.Render(item.Tile, buffers.Intensity);
            if (!HeatmapColorRamp.ToLevels(buffers.Intensity, item.Grid.Max, buffers.Levels)) return buffers;
            var png = PalettePng.Encode(buffers.Levels, TileMath.TileSize, TileMath.TileSize, HeatmapColorRamp.Palette);
            Interlocked.Add(ref bytes, png.Length);
            Interlocked.Increment(ref tiles);
            return buffers;
        }, _ => { });
        return (tiles, bytes);
    }

    /// <summary>
    /// Incidents around 300 hotspots on a ~400 m street grid (Gaussian, 10–80 m spread, popularity Zipf-like), 20 % spread
    /// uniformly along the streets: dense where problems recur, sparse elsewhere.
    /// </summary>
    internal static List<HeatPoint> Clustered(int n, DistrictOptions d, Random rng)
    {
        var hotspots = Enumerable.Range(0, 300).Select(_ => (Centre: OnStreet(d, rng), Spread: 10 + rng.NextDouble() * 70)).ToArray();
        var points = new List<HeatPoint>(n);
        const double metresPerDegreeLat = 111_320;
        var metresPerDegreeLon = metresPerDegreeLat * Math.Cos((d.South + d.North) / 2 * Math.PI / 180);
        for (var i = 0; i < n; i++)
        {
            if (rng.NextDouble() < 0.2)
            {
                points.Add(new HeatPoint(OnStreet(d, rng)));
                continue;
            }
            var h = hotspots[(int)(hotspots.Length * Math.Pow(rng.NextDouble(), 2))];
            var (gx, gy) = (Gaussian(rng) * h.Spread, Gaussian(rng) * h.Spread);
            points.Add(new HeatPoint(new GeoPoint(
                Math.Clamp(h.Centre.Lon + gx / metresPerDegreeLon, d.West, d.East),
                Math.Clamp(h.Centre.Lat + gy / metresPerDegreeLat, d.South, d.North))));
        }
        return points;
    }

    private static GeoPoint OnStreet(DistrictOptions d, Random rng)
    {
        var lon = d.West + rng.NextDouble() * (d.East - d.West);
        var lat = d.South + rng.NextDouble() * (d.North - d.South);
        if (rng.Next(2) == 0) lon = d.West + Math.Round((lon - d.West) / 0.005) * 0.005;
        else lat = d.South + Math.Round((lat - d.South) / 0.004) * 0.004;
        return new GeoPoint(lon, lat);
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    internal static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists);
}
