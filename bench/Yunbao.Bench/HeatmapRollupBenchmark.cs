using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Detection;
using Yunbao.Domain.Geo;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.Pipeline;
using Yunbao.Domain.Ports;
using Yunbao.Infrastructure.Imaging;

namespace Yunbao.Bench;

/// <summary>
/// Full heatmap rollup (every layer × window × zoom 12–18) over synthetic incidents along a street grid in Lize:
/// 14 categories, 5 sources, 30 days. The cost the incremental rollup is meant to cut.
/// </summary>
internal static class HeatmapRollupBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var incidentCount = IntOption(args, "--incidents", 3000);
        var runs = IntOption(args, "--runs", 3);
        var now = new DateTimeOffset(2026, 11, 25, 6, 0, 0, TimeSpan.Zero);
        var district = new DistrictOptions();
        var categories = Enumerable.Range(1, 14).Select(i => new ViolationCategory
        {
            Code = $"category-{i:00}", NameZh = $"类别{i}", NameEn = $"Category {i}", DefaultSeverity = (Severity)(1 + i % 4),
            DispatchSlaMinutes = 30, ResolveSlaMinutes = 120, DedupeRadiusMeters = 30, DedupeWindowMinutes = 60,
            EvidenceLabels = [$"label-{i}"], Zones = [ZoneType.Other],
        }).ToList();

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
        Console.WriteLine(" run  seconds    tiles   tiles/s  PNG (MB)  allocated MiB");
        for (var run = 1; run <= runs; run++)
        {
            var store = new MemoryStore();
            var service = new HeatmapRollupService(
                new ListRepository(incidents), store, new SkiaPngEncoder(), new CategoryCatalog(categories),
                Options.Create(new HeatmapOptions()), Options.Create(district), new FixedClock(now), NullLogger<HeatmapRollupService>.Instance);
            var sw = Stopwatch.StartNew();
            var result = await service.RollupAsync(district.DistrictId, CancellationToken.None);
            sw.Stop();
            Console.WriteLine(FormattableString.Invariant(
                $"{run,4}  {sw.Elapsed.TotalSeconds,7:F2}  {result.TilesWritten,7}  {result.TilesWritten / sw.Elapsed.TotalSeconds,8:F0}  {store.Bytes / 1e6,8:F1}  {GC.GetTotalAllocatedBytes() / 1048576.0,13:F0}"));
        }
        return 0;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }
}

file sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

file sealed class ListRepository(IReadOnlyList<Incident> incidents) : IIncidentRepository
{
    public async IAsyncEnumerable<Incident> ListObservedBetweenAsync(string districtId, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken ct)
    {
        await Task.CompletedTask;
        foreach (var i in incidents)
            if (i.ObservedAt >= from && i.ObservedAt < to) yield return i;
    }

    public Task<bool> TryAddAsync(Incident incident, CancellationToken ct) => throw new NotSupportedException();
    public Task<Incident?> GetAsync(string districtId, string id, CancellationToken ct) => throw new NotSupportedException();
    public Task<IReadOnlyList<Incident>> ListRecentAsync(string districtId, string categoryCode, DateTimeOffset since, CancellationToken ct) => throw new NotSupportedException();
    public Task SetWorkOrderAsync(string districtId, string incidentId, string workOrderId, CancellationToken ct) => throw new NotSupportedException();
}

file sealed class MemoryStore : IHeatmapStore
{
    private readonly ConcurrentDictionary<string, ReadOnlyMemory<byte>> _tiles = new();
    private readonly ConcurrentDictionary<string, string> _documents = new();
    public long Bytes => _tiles.Values.Sum(t => (long)t.Length);

    public Task WriteTileAsync(string layer, string window, int z, int x, int y, ReadOnlyMemory<byte> png, CancellationToken ct)
    {
        _tiles[$"{layer}/{window}/{z}/{x}/{y}"] = png;
        return Task.CompletedTask;
    }

    public Task<ReadOnlyMemory<byte>?> ReadTileAsync(string layer, string window, int z, int x, int y, CancellationToken ct) =>
        Task.FromResult(_tiles.TryGetValue($"{layer}/{window}/{z}/{x}/{y}", out var t) ? (ReadOnlyMemory<byte>?)t : null);

    public Task WriteDocumentAsync(string path, string json, CancellationToken ct)
    {
        _documents[path] = json;
        return Task.CompletedTask;
    }

    public Task<string?> ReadDocumentAsync(string path, CancellationToken ct) =>
        Task.FromResult(_documents.TryGetValue(path, out var d) ? d : null);
}
