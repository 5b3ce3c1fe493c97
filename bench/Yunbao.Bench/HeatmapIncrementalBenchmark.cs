using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Application;
using Yunbao.Application.Heatmaps;
using Yunbao.Application.Ports;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Incidents;

namespace Yunbao.Bench;

/// <summary>
/// Rollups as a running system does them: a history of incidents, then every 30 minutes a few new ones. Each step
/// runs a full rebuild (empty store) and the incremental rollup (the store and manifest of the step before, which
/// keeps pyramids whose incidents did not change) on the same incidents, and compares time, tiles drawn and writes.
/// </summary>
internal static class HeatmapIncrementalBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var history = BenchSupport.IntOption(args, "--history", 300);
        var steps = BenchSupport.IntOption(args, "--steps", 4);
        var perStep = BenchSupport.IntOption(args, "--new", 2);
        var start = new DateTimeOffset(2026, 11, 25, 6, 0, 0, TimeSpan.Zero);
        var district = new DistrictOptions();
        var categories = BenchSupport.SyntheticCategories();
        var catalog = new CategoryCatalog(categories);
        var rng = new Random(20261125);
        var incidents = new List<Incident>();
        Incident Make(int id, DateTimeOffset observed) => new()
        {
            Id = $"bench-{id}", DistrictId = district.DistrictId, CategoryCode = categories[rng.Next(categories.Count)].Code,
            Source = (EventSource)rng.Next(5), Simulated = true, ObservedAt = observed,
            Location = new GeoPoint(district.West + rng.NextDouble() * (district.East - district.West), district.South + rng.NextDouble() * (district.North - district.South)),
        };
        for (var i = 0; i < history; i++) incidents.Add(Make(i, start - TimeSpan.FromMinutes(1 + rng.NextDouble() * 30 * 24 * 60)));

        var clock = new SteppedClock(start);
        HeatmapRollupService Service(IHeatmapStore store) => new(
            new IncidentList(incidents), store, catalog,
            Options.Create(new HeatmapOptions()), Options.Create(district), clock, NullLogger<HeatmapRollupService>.Instance);

        Console.WriteLine();
        Console.WriteLine("Heatmap rollup: full rebuild vs incremental (in-memory store: storage latency not included)");
        Console.WriteLine($"{history} incidents of history, then {steps} rollups 30 min apart with {perStep} new incidents each; {Environment.ProcessorCount} cores, zooms 12-18, 20 layers x 3 windows");
        Console.WriteLine("step  incidents  full s  full tiles   incr s  pyramids drawn  incr tiles drawn  tile writes  speed-up");
        var incremental = new MemoryHeatmapStore();
        await Service(incremental).RollupAsync(district.DistrictId, CancellationToken.None);   // the state the running system is in
        double fullTotal = 0, incrTotal = 0;
        for (var step = 1; step <= steps; step++)
        {
            clock.Advance(TimeSpan.FromMinutes(30));
            for (var i = 0; i < perStep; i++) incidents.Add(Make(incidents.Count, clock.GetUtcNow() - TimeSpan.FromMinutes(1 + i)));

            var sw = Stopwatch.StartNew();
            var full = await Service(new MemoryHeatmapStore()).RollupAsync(district.DistrictId, CancellationToken.None);
            var fullSeconds = sw.Elapsed.TotalSeconds;

            var writesBefore = incremental.TileWrites;
            sw.Restart();
            var incr = await Service(incremental).RollupAsync(district.DistrictId, CancellationToken.None);
            var incrSeconds = sw.Elapsed.TotalSeconds;
            if (incr.TilesWritten != full.TilesWritten)
                throw new InvalidOperationException($"incremental rollup published {incr.TilesWritten} tiles, a full rebuild {full.TilesWritten}");

            fullTotal += fullSeconds;
            incrTotal += incrSeconds;
            Console.WriteLine(FormattableString.Invariant(
                $"{step,4}  {full.IncidentsCounted,9}  {fullSeconds,6:F2}  {full.TilesRendered,10}   {incrSeconds,6:F2}  {incr.PyramidsRendered,11} of 60  {incr.TilesRendered,16}  {incremental.TileWrites - writesBefore,11}  {fullSeconds / Math.Max(incrSeconds, 1e-6),7:F1}x"));
        }
        Console.WriteLine(FormattableString.Invariant($"total  full {fullTotal:F2} s, incremental {incrTotal:F2} s"));
        return 0;
    }

}

