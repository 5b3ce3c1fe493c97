// Usage: dotnet run -c Release --project bench/Yunbao.Heatmaps.Bench -- [incidents=3000] [runs=3]
// Rolls up synthetic incidents along a street grid over Lize (14 categories, 5 sources, 30 days) into an
// in-memory store and prints the time per run, tiles written and bytes. Storage latency is not included.
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

var incidentCount = args.Length > 0 ? int.Parse(args[0]) : 3000;
var runs = args.Length > 1 ? int.Parse(args[1]) : 3;
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

Console.WriteLine($"{incidentCount} incidents, {Environment.ProcessorCount} cores, zooms 12-18, 20 layers x 3 windows");
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
        $"run {run}: {sw.Elapsed.TotalSeconds:F2} s, {result.TilesWritten} tiles ({result.TilesWritten / sw.Elapsed.TotalSeconds:F0}/s), {store.Bytes / 1e6:F1} MB of PNG"));
}

sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

sealed class ListRepository(IReadOnlyList<Incident> incidents) : IIncidentRepository
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

sealed class MemoryStore : IHeatmapStore
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
