using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Application;
using Yunbao.Application.Heatmaps;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Incidents;

namespace Yunbao.Bench;

/// <summary>
/// Full heatmap rollup (every layer × window × zoom 12–18) over synthetic incidents along a street grid in Lize:
/// 14 categories, 5 sources, 30 days. The cost the incremental rollup is meant to cut.
/// </summary>
internal static class HeatmapRollupBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var incidentCount = BenchSupport.IntOption(args, "--incidents", 3000);
        var runs = BenchSupport.IntOption(args, "--runs", 3);
        var now = new DateTimeOffset(2026, 11, 25, 6, 0, 0, TimeSpan.Zero);
        var district = new DistrictOptions();
        var categories = BenchSupport.SyntheticCategories();

        var rng = new Random(20261125);
        var incidents = new List<Incident>(incidentCount);
        for (var i = 0; i < incidentCount; i++)
        {
            var lon = district.West + rng.NextDouble() * (district.East - district.West);
            var lat = district.South + rng.NextDouble() * (district.North - district.South);
            // Snap to a ~400 m street grid: problems happen on streets.
            if (rng.Next(2) == 0) lon = district.West + Math.Round((lon - district.West) / 0.005) * 0.005;
            else lat = district.South + Math.Round((lat - district.South) / 0.004) * 0.004;
            incidents.Add(new Incident
            {
                Id = $"bench-{i}", DistrictId = district.DistrictId, CategoryCode = categories[rng.Next(categories.Count)].Code,
                Source = (EventSource)rng.Next(5), Location = new GeoPoint(lon, lat),
                ObservedAt = now - TimeSpan.FromMinutes(rng.NextDouble() * 30 * 24 * 60), Simulated = true,
            });
        }

        Console.WriteLine();
        Console.WriteLine("Heatmap rollup (full rebuild, in-memory store: storage latency not included)");
        Console.WriteLine($"{incidentCount} incidents, {Environment.ProcessorCount} cores, zooms 12-18, 20 layers x 3 windows");
        Console.WriteLine(" run  seconds   CPU s    tiles   tiles/s  PNG (MB)  allocated MiB  peak MiB");
        for (var run = 1; run <= runs; run++)
        {
            var store = new MemoryHeatmapStore();
            var service = new HeatmapRollupService(
                new IncidentList(incidents), store, new CategoryCatalog(categories),
                Options.Create(new HeatmapOptions()), Options.Create(district), new SteppedClock(now), NullLogger<HeatmapRollupService>.Instance);
            using var sampler = new PeakSampler();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            var result = await service.RollupAsync(district.DistrictId, CancellationToken.None);
            sw.Stop();
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            var peak = sampler.Stop();
            Console.WriteLine(FormattableString.Invariant(
                $"{run,4}  {sw.Elapsed.TotalSeconds,7:F2}  {cpu,6:F1}  {result.TilesWritten,7}  {result.TilesWritten / sw.Elapsed.TotalSeconds,8:F0}  {store.Bytes / 1e6,8:F1}  {GC.GetTotalAllocatedBytes() / 1048576.0,13:F0}  {peak / 1048576.0,8:F0}"));
        }
        return 0;
    }

}

